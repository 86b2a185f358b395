# Reference values for quickscan's omega total and Feldt interval, from R's psych.
#
# tests/unit/test_reliability_reference.py types the same three answer matrices and checks
# quickscan against the numbers printed below; the test does not need R. To reproduce:
#   apt-get install -y r-base-core r-cran-psych r-cran-gparotation   (Debian bookworm)
#   Rscript tests/reference/psych_reference.R
#
# omega: psych::omega(x, nfactors = 1, fm = "minres")$omega.tot, which psych computes as
#   (Vt - sum(u2)) / Vt with Vt = sum(R), R = cor(x, use = "pairwise"): the same
#   1 - sum(psi) / 1'R1 as quickscan (docs/methodology.md 14.5).
#   psych's minres fit stops where optim's L-BFGS-B stops (its default factr, about 2e-9
#   relative on the objective), which leaves loadings about 1e-5 from the minimum. The
#   same correlation matrix fitted by psych's iterated principal axes, fa(fm = "pa") run to
#   min.err = 1e-12, is that minimum (its off-diagonal residual sum of squares is the
#   smaller of the two); it is printed as well, with both residual sums of squares.
# alpha and Feldt: psych::alpha(x)$total$raw_alpha and $feldt (alpha.ci with n = nrow(x),
#   k = ncol(x)); for the data set with missing answers alpha.ci is also called with
#   quickscan's n, the fewest respondents who answered a pair of items.

suppressPackageStartupMessages(library(psych))

a <- matrix(c(
  3, 2, 4, 2,  2, 1, 1, 2,  4, 4, 3, 3,  2, 2, 1, 3,  3, 3, 4, 4,
  3, 5, 4, 4,  1, 1, 1, 2,  4, 3, 5, 4,  3, 3, 2, 3,  5, 4, 5, 5,
  4, 4, 2, 3,  2, 3, 3, 3,  4, 3, 4, 4,  3, 2, 3, 3,  2, 3, 2, 4
), ncol = 4, byrow = TRUE)

b <- matrix(c(
  3, 4, 2, 4, 4,  3, 4, 5, 3, 4,  3, 2, 2, 1, 3,  4, 4, 5, 5, 4,
  2, 2, 3, 3, 3,  2, 2, 3, 1, 2,  4, 4, 4, 3, 3,  2, 3, 3, 3, 2,
  1, 3, 2, 3, 4,  3, 3, 4, 4, 2,  5, 4, 4, 4, 4,  5, 5, 5, 3, 4,
  3, 2, 2, 4, 3,  4, 5, 5, 4, 3,  3, 2, 5, 2, 3,  5, 4, 4, 5, 2,
  4, 4, 5, 3, 3,  3, 2, 2, 4, 3,  3, 4, 3, 3, 1,  2, 2, 2, 4, 4
), ncol = 5, byrow = TRUE)

# c: b with seven answers left blank (row, item), pairwise-complete data.
c_ <- b
c_[cbind(c(1, 4, 7, 10, 13, 16, 19), c(3, 1, 5, 2, 4, 3, 1))] <- NA

report <- function(name, x) {
  om <- omega(x, nfactors = 1, fm = "minres", plot = FALSE)
  f <- fa(x, nfactors = 1, fm = "minres")
  r <- cor(x, use = "pairwise")
  pa <- fa(r, nfactors = 1, fm = "pa", min.err = 1e-12, max.iter = 10000, warnings = FALSE)
  off_diagonal_ss <- function(l) {
    e <- r - l %*% t(l)
    sum(e[upper.tri(e)]^2)
  }
  al <- alpha(x, warnings = FALSE)
  pairs <- crossprod(!is.na(x))
  cat(sprintf("%s: %d respondents x %d items, fewest on a pair %d\n",
              name, nrow(x), ncol(x), min(pairs)))
  cat(sprintf("  omega.tot   %.10f\n", om$omega.tot))
  cat(sprintf("  fa loadings %s\n", paste(sprintf("%.8f", f$loadings[, 1]), collapse = " ")))
  cat(sprintf("  fa u2       %s\n", paste(sprintf("%.8f", f$uniquenesses), collapse = " ")))
  cat(sprintf("  1 - sum(u2)/sum(R) %.10f\n", 1 - sum(f$uniquenesses) / sum(r)))
  cat(sprintf("  pa loadings %s\n", paste(sprintf("%.8f", pa$loadings[, 1]), collapse = " ")))
  cat(sprintf("  pa omega    %.10f\n", 1 - sum(pa$uniquenesses) / sum(r)))
  cat(sprintf("  off-diagonal residual SS: minres %.12f, pa %.12f\n",
              off_diagonal_ss(f$loadings[, 1]), off_diagonal_ss(pa$loadings[, 1])))
  cat(sprintf("  raw_alpha   %.10f\n", al$total$raw_alpha))
  cat(sprintf("  Feldt n=%d   %.10f %.10f\n", nrow(x), al$feldt$lower.ci, al$feldt$upper.ci))
  if (min(pairs) < nrow(x)) {
    ci <- alpha.ci(al$total$raw_alpha, min(pairs), ncol(x))
    cat(sprintf("  Feldt n=%d   %.10f %.10f\n", min(pairs), ci$lower.ci, ci$upper.ci))
  }
}

cat(R.version.string, "; psych", as.character(packageVersion("psych")),
    "; GPArotation", as.character(packageVersion("GPArotation")), "\n")
report("a", a)
report("b", b)
report("c", c_)

# Output (Rscript tests/reference/psych_reference.R, Debian bookworm; psych also prints
# that omega_h is not meaningful with one factor, which does not concern omega total):
# R version 4.2.2 Patched (2022-11-10 r83330) ; psych 2.2.9 ; GPArotation 2022.10.2
# a: 15 respondents x 4 items, fewest on a pair 15
#   omega.tot   0.8788517897
#   fa loadings 0.83218793 0.77148419 0.79914430 0.80786958
#   fa u2       0.30746326 0.40481215 0.36136838 0.34734674
#   1 - sum(u2)/sum(R) 0.8788517897
#   pa loadings 0.83218822 0.77148419 0.79914452 0.80786908
#   pa omega    0.8788517910
#   off-diagonal residual SS: minres 0.017278911198, pa 0.017278911198
#   raw_alpha   0.8674907829
#   Feldt n=15   0.7090690631 0.9502922127
# b: 20 respondents x 5 items, fewest on a pair 20
#   omega.tot   0.7498618685
#   fa loadings 0.84065670 0.85592699 0.67995345 0.39973068 0.16588043
#   fa u2       0.29329631 0.26738899 0.53766330 0.84021538 0.97248368
#   1 - sum(u2)/sum(R) 0.7498618685
#   pa loadings 0.84067525 0.85591201 0.67994946 0.39973199 0.16587975
#   pa omega    0.7498619481
#   off-diagonal residual SS: minres 0.056533731444, pa 0.056533731078
#   raw_alpha   0.7243565481
#   Feldt n=20   0.4726597117 0.8770548871
# c: 20 respondents x 5 items, fewest on a pair 16
#   omega.tot   0.7780525230
#   fa loadings 0.76676987 0.92207920 0.76133526 0.45188839 0.18694123
#   fa u2       0.41206397 0.14976995 0.42036862 0.79579688 0.96505298
#   1 - sum(u2)/sum(R) 0.7780525230
#   pa loadings 0.76676913 0.92208186 0.76133596 0.45189034 0.18694169
#   pa omega    0.7780530702
#   off-diagonal residual SS: minres 0.046113412969, pa 0.046113412945
#   raw_alpha   0.7630298564
#   Feldt n=20   0.5466465719 0.8943043237
#   Feldt n=16   0.5115314477 0.9061216632
