# What a lower bar for a list's `match` would add, read from a `simulate.ts` run's DETAIL lines (branch lrc):
#   awk -F'\t' -f bench/linkage/listRules.awk LOG...
# For each log and rule: the rows not matched now that the rule would match, split into right (the row's man) and
# wrong (another man, a namesake stranger, a stranger), and each wrong row. A rule asks of the row's best person
# (no conflict) what `decideRecord` would: linkable without a human (L), a score from T, and one of
#   LA      every field both give weighs ≥ AGREE_MIN (2 bits; the sex only not against): `agreesThroughout`
#   LA-m2   LA, and the next person at least 2 bits behind
#   LA-f8   LA, and the surname agrees at ≥ 8 bits (a surname fewer than 1 record in 256 carries)
#   LA-b6   LA, and the fields beyond the names (patronymic, date, unit, service number) weigh ≥ 6 bits together
#   L0      no field against (every field ≥ 0: a year a year off, +1.2, counts)
# A best whose next person also reaches T and is within 5 bits (the list's clear margin) is counted as not
# gained (it may be one man split in two; `decideRecord` would match it then). An upper bound otherwise exact:
# the rule only adds matches, and the detail line carries every field it reads.
function rule(name, T,    ok) {
  if (s < T || L != "L") return 0
  if (nx >= T && s - nx < 5) return 0
  if (name == "LA") return A
  if (name == "LA-m2") return A && s - nx >= 2
  if (name == "LA-f8") return A && fam >= 8
  if (name == "LA-b6") return A && beyond >= 6
  if (name == "L0") return A0
  return 0
}
BEGIN {
  nr = split("LA LA-m2 LA-f8 LA-b6 L0", names, " ")
  nt = split("6 5.5 5 4.5 4 3.5 3", ts, " ")
}
FNR == 1 { nlog++; logs[nlog] = FILENAME }
$1 == "detail" && $5 != "none" && $4 != "match" {
  s = $5 + 0; nx = $7 + 0; L = $11
  A = 1; A0 = 1; beyond = 0; fam = -99
  nf = split($15, fs, " ")
  for (i = 1; i <= nf; i++) {
    split(fs[i], f, ":")
    if (f[3] == "-Infinity") continue
    w = f[3] + 0
    if (w < (f[1] == "sex" ? 0 : 2)) A = 0
    if (w < 0) A0 = 0
    if (f[1] == "pat" || f[1] == "bir" || f[1] == "uni" || f[1] == "ser") beyond += w
    if (f[1] == "fam" && f[2] == "exact") fam = w
  }
  right = $2 == "right"
  for (r = 1; r <= nr; r++)
    for (t = 1; t <= nt; t++)
      if (rule(names[r], ts[t] + 0)) {
        k = names[r] SUBSEP ts[t] SUBSEP nlog
        if (right) gain[k]++
        else { bad[k]++; badrows[k] = badrows[k] "\n      " $2 " " $3 " " $5 " next " $7 " " $13 " vs " $14 " " $15 }
      }
}
END {
  printf "%-6s %-4s", "rule", "T"
  for (l = 1; l <= nlog; l++) printf "  log%d right/wrong", l
  print ""
  for (r = 1; r <= nr; r++)
    for (t = 1; t <= nt; t++) {
      printf "%-6s %-4s", names[r], ts[t]
      for (l = 1; l <= nlog; l++) { k = names[r] SUBSEP ts[t] SUBSEP l; printf "  %8d / %-5d", gain[k], bad[k] }
      print ""
    }
  for (l = 1; l <= nlog; l++) print "log" l ": " logs[l]
  if (ENVIRON["WRONGROWS"] != "") {
    print "wrong rows (rule T log):"
    for (r = 1; r <= nr; r++)
      for (t = 1; t <= nt; t++)
        for (l = 1; l <= nlog; l++) {
          k = names[r] SUBSEP ts[t] SUBSEP l
          if (bad[k]) print "  " names[r] " " ts[t] " log" l ":" badrows[k]
        }
  }
}
