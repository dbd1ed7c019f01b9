# Hostile .xlsx files for `homecoming import` (hunt3, bench/RESULTS.md): python3 bench/hostile/xlsx.py
# bigss 4000000 | emptyrows 1000000 | emptycells 1000000 | entity | entityss — writes <kind>.xlsx here.
import zipfile, sys, random
CT='''<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'''
RELS='''<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'''
WB='''<?xml version="1.0" encoding="UTF-8"?>%s<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S%s" sheetId="1" r:id="rId1"/></sheets></workbook>'''
WBRELS='''<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'''
def sheet_rows(rows):
    yield '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    for r in rows: yield r
    yield '</sheetData></worksheet>'
def write(name, ss_iter, rows_iter, doctype='', ent=''):
    with zipfile.ZipFile(name,'w',zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr('[Content_Types].xml',CT); z.writestr('_rels/.rels',RELS)
        z.writestr('xl/workbook.xml',WB%(doctype,ent)); z.writestr('xl/_rels/workbook.xml.rels',WBRELS)
        with z.open('xl/sharedStrings.xml','w',force_zip64=False) as f:
            for s in ss_iter: f.write(s.encode())
        with z.open('xl/worksheets/sheet1.xml','w') as f:
            for s in rows_iter: f.write(s.encode())
def hdr():
    return '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
def ss_small():
    yield '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    for s in ['Прізвище','Імʼя','Дата народження','Коваленко','Андрій']: yield '<si><t>%s</t></si>'%s
    yield '</sst>'
kind=sys.argv[1]
if kind=='bigss':
    n=int(sys.argv[2])
    def ss():
        yield '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        for s in ['Прізвище','Імʼя','Дата народження']: yield '<si><t>%s</t></si>'%s
        rnd=random.Random(1)
        buf=[]
        for i in range(n):
            buf.append('<si><t>Коваленко%08d%s</t></si>'%(i, rnd.choice('abcdefgh')*40))
            if len(buf)>=10000: yield ''.join(buf); buf=[]
        yield ''.join(buf); yield '</sst>'
    write('bigss.xlsx', ss(), sheet_rows([hdr(),'<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c></row>']))
elif kind=='emptyrows':
    n=int(sys.argv[2])
    def rows():
        yield hdr(); yield '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2"><v>33000</v></c></row>'
        buf=[]
        for i in range(3,n+3):
            buf.append('<row r="%d"/>'%i)
            if len(buf)>=10000: yield ''.join(buf); buf=[]
        yield ''.join(buf)
    write('emptyrows.xlsx', ss_small(), sheet_rows(rows()))
elif kind=='emptycells':
    n=int(sys.argv[2])
    def rows():
        yield hdr(); yield '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2"><v>33000</v></c></row>'
        buf=[]
        for i in range(3,n+3):
            buf.append('<row r="%d"><c r="A%d"/><c r="B%d"/></row>'%(i,i,i))
            if len(buf)>=10000: yield ''.join(buf); buf=[]
        yield ''.join(buf)
    write('emptycells.xlsx', ss_small(), sheet_rows(rows()))
elif kind=='entity':
    dt='<!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
    write('entity.xlsx', ss_small(), sheet_rows([hdr(),'<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c></row>']), dt, '&h;')
elif kind=='entityss':
    dt='<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
    def ss():
        yield '<?xml version="1.0" encoding="UTF-8"?>'+dt+'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        for s in ['Прізвище','Імʼя','Дата народження','&h;','Андрій']: yield '<si><t>%s</t></si>'%s
        yield '</sst>'
    write('entityss.xlsx', ss(), sheet_rows([hdr(),'<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c></row>']))
