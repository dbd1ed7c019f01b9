# The known list rows a `simulate.ts` run with DETAIL=1 did not match, by what decides them (branch l200).
#   awk -F'\t' -f bench/linkage/listLost.awk LOG            (LOG: the run's stdout)
# A detail line: detail, label (right: the best is the row's man; OTHER: another man), class, decision, score,
# best record's score, next person's, the man's own when not the best, candidates, the person's records, L / x
# (may be linked without a human), the lowest field weight, what the row gives (P D|M|Y U S), what the person
# gives, then each field's level:weight (one column, space-separated) against the person's merged view.
# Every row's best person by score band: right (the row's man) or wrong (another man, a stranger's namesake,
# a stranger), and whether it may be linked without a human (L) and agrees throughout (A: every field both give
# weighs ≥ 2 bits, the sex only not against) — what a threshold below the list's would take, and at what cost.
$1 == "detail" && $5 != "none" && $5 + 0 >= 4 {
  s = $5 + 0
  b = s >= 8 ? "8+" : s >= 7 ? "7-8" : s >= 6.5 ? "6.5-7" : s >= 6 ? "6-6.5" : s >= 5 ? "5-6" : "4-5"
  nb = split($15, fb, " "); agree = 1; nonames = 1
  for (i = 1; i <= nb; i++) {
    split(fb[i], f, ":")
    if (f[3] != "-Infinity" && f[3] + 0 < (f[1] == "sex" ? 0 : 2)) agree = 0
    if ((f[1] == "pat" || f[1] == "bir" || f[1] == "uni" || f[1] == "ser") && f[3] != "-Infinity" && f[3] + 0 > 0) nonames = 0
  }
  who = $2 == "right" ? "right" : "wrong"
  cal[b "\t" who "\t" $11 (agree ? "A" : "-")]++
  if (who == "wrong" && $11 == "L") wrongL[b "\t" $2 "\t" $4 "\t" $5 "\t" $13 " vs " $14 "\t" $15]++
}
$1 == "detail" && ($2 == "right" || $2 == "OTHER") {
  known++
  if ($4 == "match") { matched++; next }
  beyond = 0; against = 0
  nf = split($15, fields, " ")
  for (i = 1; i <= nf; i++) {
    split(fields[i], f, ":"); w = f[3]
    if (w != "-Infinity" && w + 0 < 0 && f[1] != "sex") against++
    if ((f[1] == "pat" || f[1] == "bir" || f[1] == "uni" || f[1] == "ser") && w != "-Infinity" && w + 0 > 0) beyond++
  }
  s = $5 + 0
  if ($2 == "OTHER") c = "another man best"
  else if (beyond == 0) c = "names only (never automatic)"
  else if ($11 == "x" && s >= 6) c = "from 6 up, not linkable (a date or given name contradicts)"
  else if (s >= 7) c = "from 7 up, a second person close (not clear)"
  else if (s >= 6) c = "6-7, a field not agreeing throughout"
  else if (s >= 5) c = "5-6"
  else if (s >= 4) c = "4-5"
  else if (s >= 2) c = "2-4"
  else c = "below 2"
  n[c]++; cls[c " | " $3]++
  if (c ~ /^[0-9]|^from|^below/) pat[c " | " $13 " vs " $14 (against > 0 ? " (" against " against)" : "")]++
  dec[$4]++
}
$1 == "detail" && $2 == "known" { known++; n["no candidate"]++; dec[$4]++ }
END {
  printf "known rows %d, matched %d (%.3f), not matched %d\n", known, matched, matched / known, known - matched
  for (c in n) printf "  %-62s %d\n", c, n[c] | "sort -k1,1"
  close("sort -k1,1")
  print "by class:"
  for (c in cls) printf "  %-62s %d\n", c, cls[c] | "sort"
  close("sort")
  print "scored rows by band and what row / person give:"
  for (c in pat) printf "  %-70s %d\n", c, pat[c] | "sort"
  close("sort")

  print "best person by band (right / wrong; L: linkable without a human, A: agrees throughout):"
  for (c in cal) printf "  %s\t%d\n", c, cal[c] | "sort"
  close("sort")
  print "wrong best persons that may be linked without a human, from 4 up:"
  for (c in wrongL) printf "  %s\n", c | "sort"
  close("sort")
}
