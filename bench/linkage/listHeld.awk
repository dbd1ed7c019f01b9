# What holds each known list row that is not a `match`, by rule and noise class, from a `simulate.ts` run with
# DETAIL=1 (branch lst3):   awk -F'\t' -f bench/linkage/listHeld.awk LOG   (ROWS=1: each row too)
# The rule is read from the detail line (see listLost.awk for its columns): the row's best is another man; nothing
# beyond the names agrees (never automatic); the score reaches the list's bar (7, or 5 agreeing throughout) but
# the row may not be linked without a human — a given name contradicted (fs-18, fs-25's twin signature), a birth
# date contradicted, a year only beside namesakes of the whole name held (fs-24: `n` in the L column since lst3;
# OLDLOG=1 reads it from the fields of an older log, a guessed year among them), or not corroborated otherwise (a
# guessed year, gy; a field against beside a year only, fs-24) —; a second person close (the margin);
# or the score under the bar: 5–7 with a field under 2 bits (not agreeing throughout), 4–5, 2–4, below 2.
function has(f, lv) { return index(" " $15, " " f ":" lv ":") > 0 }
$1 == "detail" && ($2 == "right" || $2 == "OTHER" || $2 == "known") {
  known++
  if ($4 == "match" && $2 == "right") { matched++; next }
  if ($4 == "match") c = "matched to another man (wrong)"
  else if ($2 == "known") c = "no candidate"
  else if ($2 == "OTHER") c = "another man best"
  else {
    s = $5 + 0; nx = $7 + 0
    nf = split($15, fs, " "); beyond = 0; A = 1; yo = 0; other = 0
    for (i = 1; i <= nf; i++) {
      split(fs[i], f, ":"); w = f[3]
      if (w == "-Infinity") continue
      if (w + 0 < (f[1] == "sex" ? 0 : 2)) A = 0
      if ((f[1] == "pat" || f[1] == "bir" || f[1] == "uni" || f[1] == "ser") && w + 0 > 0) {
        beyond++
        if (f[1] == "bir" && f[2] == "same_year") yo = 1; else if (!(f[1] == "pat" && f[2] == "initial")) other = 1
      }
    }
    bar = s >= 7 || (s >= 5 && A)
    if (beyond == 0) c = "names only (never automatic)"
    else if (bar && $11 != "L") {
      if (has("giv", "different") || has("giv", "close")) c = "at the bar, given name contradicted (fs-18/fs-25)"
      else if ($11 == "n" || (ENVIRON["OLDLOG"] != "" && yo && !other))
        c = "at the bar, a year only beside namesakes held (fs-24)"
      else c = "at the bar, not corroborated otherwise / birth contradicted"
    } else if (bar) c = "at the bar, a second person close (margin)"
    else if (s >= 5) c = "5-7, a field under 2 bits (not agreeing throughout)"
    else if (s >= 4) c = "score 4-5"
    else if (s >= 2) c = "score 2-4"
    else c = "score below 2"
  }
  n[c]++; cls[c "\t" $3]++
  if (ENVIRON["ROWS"] != "") rows = rows "\n  " c "\t" $3 "\t" $5 "\tnext " $7 "\t" $11 "\t" $13 " vs " $14 "\t" $15
}
END {
  printf "known rows %d, matched right %d (%.3f), not %d\n", known, matched, matched / known, known - matched
  for (c in n) {
    line = ""
    for (k in cls) { split(k, p, "\t"); if (p[1] == c) line = line " " p[2] " " cls[k] "," }
    printf "  %-58s %3d  %s\n", c, n[c], line | "sort"
  }
  close("sort")
  if (rows != "") print rows
}
