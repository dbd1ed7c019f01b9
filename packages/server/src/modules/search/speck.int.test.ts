import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { useSearchApp } from '../../test/searchApp.js';

// Generated people only: a query with a scan's speck inside a word (hold-out 18 `speck_punct`: "Кова.ленко",
// "Юр:ій", "Za|kharovych"), read as the import reads such a record's names (records/validate.ts `withoutSpecks`),
// and a Word list's bullet before the surname (hold-out 18 `word_typography`).
const CSV = `external_id,source,category,family_name,given_name,patronymic,sex,birth_date,status
s1,family desk,military,Коломиута,Олексій,Володимирович,male,1981,missing
s2,family desk,military,Ковалич,Яків,Всеволодович,male,1973-09-15,missing
s3,family desk,military,Пратгаленко,Святослав,Захарович,male,1997-11-24,missing
s4,family desk,military,Мосійчук,Григорій,,male,1975-07-12,missing
s5,family desk,military,Тарасцький,Микола,Сергійович,male,1972-03-30,missing
s6,family desk,military,Ковальчук,Юрій,Валерійович,male,1967-06-10,missing
s7,family desk,military,Шемдзосюк,Максим,,male,,missing
s8,family desk,military,Сичук,Максим,,male,1989-11-20,missing
s9,family desk,military,Гречаник,Андрій,Петрович,male,1986-02-11,missing
s10,family desk,military,Андрій,Петро,Іванович,male,1979-04-02,missing
s11,family desk,military,Захарченко,Дмитро,Ігорович,male,2004-02-19,missing
s12,family desk,civilian_detainee,Ткачович,Христина,Трохимівна,female,1997-04-22,missing
s13,family desk,military,Шемчишин,Денис,Петрович,male,1990-05-01,missing
`;

describe.each(DATABASE_KINDS)('search reads a speck inside a query word as nothing, on %s', (kind) => {
  const registry = useSearchApp(kind, CSV);
  const first = registry.firstRecord;

  it.each([
    ['Kolomyuta Oleksii Volody.myrovych', 's1'],
    ['Яків Ков:алич', 's2'],
    ['Prathalenko Sviatoslav Za|kharovych', 's3'],
    ['Hryhorij Mosij.czuk', 's4'],
    ['Tarastskyi Mykola Se|rhiiovych', 's5'],
    ['Ковальчук Юр:ий Валерьевич', 's6'],
    ['Максим Шемдзо.сюк', 's7'],
    ['Kovalch;uk, Yurii', 's6'],
    ['Ковальч·ук, Юрій', 's6'],
  ])('finds %s', async (q, id) => {
    expect(await first(q)).toBe(id);
  });

  it.each([
    ['Гречаник,андрій', 's9'],
    ['Гречаник,Андрій Петрович', 's9'],
    ['ст.сержант Гречаник Андрій', 's9'],
    ['Мл.сержант Гречаник Андрій', 's9'],
    ['Гречаник Андрій Мл.сержант', 's9'],
  ])('keeps %s apart at its mark (a given name or a rank, not a speck)', async (q, id) => {
    expect(await first(q)).toBe(id);
  });

  it.each([
    ['•\tГречаник Андрій'],
    ['o\tГречаник Андрій'],
    ['– Гречаник Андрій'],
    ['—Гречаник Андрій'],
    ['➢ Гречаник Андрій'],
  ])('reads %s without the list mark before it', async (q) => {
    expect(await first(q)).toBe('s9');
  });

  it.each([
    ['Zacharcenko Dmytro', 's11'],
    ['Chrystyna Trochymivna Tkaciovic', 's12'],
    ['Scemcisyn Denys Petrovic', 's13'],
  ])('reads %s as an Italian paper spells it', async (q, id) => {
    expect(await first(q)).toBe(id);
  });
});
