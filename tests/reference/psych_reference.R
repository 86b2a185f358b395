# Reference values for quickscan's omega total and Feldt interval, from R's psych.
#
# tests/unit/test_reliability_reference.py types the same answer matrices (three of one
# group, a to c, and two of two groups, d and e, further down) and checks quickscan against
# the numbers printed below; the test does not need R. To reproduce:
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

# --- Two groups: omega on the pooled within-group correlations -----------------------------
#
# quickscan computes alpha and omega within groups (docs/methodology.md sections 8 and 14.5):
# for every pair of items and every group, the cross-products and squares of the item
# scores around that group's own means of the pair's respondents, summed over the groups.
# r_ij = sum_g cross_g / sqrt(sum_g ss_g(i) sum_g ss_g(j)); the covariance divides the
# cross-products by sum_g (n_g - 1) instead. within() does this pair by pair with plain
# loops; for complete data it is centring each item within its group and
# crossprod(xc) / (n - G), which the script checks. psych::omega and psych::fa accept the
# resulting correlation matrix (n.obs only feeds the fit statistics), psych::alpha the
# covariance matrix (raw_alpha = k / (k - 1) (1 - tr(C) / sum(C))).
#
# d: 14 inwoners and 12 raadsleden x 5 items, complete; the raadsleden answer about one
#    step higher on every item, which pooled raw data would count as items hanging together.
# e: d with eight answers blank (row, item), rows counted over d from 1.

d <- matrix(c(
  2, 2, 2, 2, 3,  3, 2, 3, 2, 3,  4, 3, 2, 2, 2,  3, 2, 2, 2, 3,  2, 2, 2, 2, 3,
  4, 2, 4, 4, 3,  4, 3, 4, 5, 5,  4, 3, 2, 3, 4,  1, 2, 2, 3, 1,  1, 1, 1, 3, 1,
  2, 2, 3, 3, 3,  1, 3, 3, 3, 2,  2, 1, 1, 2, 1,  4, 2, 2, 2, 1,
  3, 2, 2, 2, 4,  5, 4, 3, 5, 3,  4, 5, 3, 4, 4,  5, 5, 5, 5, 4,  4, 4, 4, 4, 4,
  5, 5, 4, 5, 4,  3, 4, 3, 3, 3,  5, 5, 5, 5, 5,  4, 4, 2, 5, 4,  3, 3, 4, 4, 3,
  3, 4, 3, 5, 4,  5, 4, 4, 4, 3
), ncol = 5, byrow = TRUE)
group <- rep(c("inwoner", "raad"), c(14, 12))
e <- d
e[cbind(c(2, 5, 9, 12, 16, 20, 23, 25), c(1, 3, 5, 2, 4, 1, 3, 5))] <- NA

within <- function(x, group) {
  k <- ncol(x)
  r <- diag(k)
  cv <- matrix(0, k, k)
  n <- matrix(0, k, k)
  for (i in 1:k) for (j in 1:k) {
    cross <- 0; ss_i <- 0; ss_j <- 0; df <- 0
    for (g in unique(group)) {
      both <- group == g & !is.na(x[, i]) & !is.na(x[, j])
      if (!any(both)) next
      di <- x[both, i] - mean(x[both, i])
      dj <- x[both, j] - mean(x[both, j])
      cross <- cross + sum(di * dj)
      ss_i <- ss_i + sum(di^2)
      ss_j <- ss_j + sum(dj^2)
      df <- df + sum(both) - 1
      n[i, j] <- n[i, j] + sum(both)
    }
    if (i != j) r[i, j] <- cross / sqrt(ss_i * ss_j)
    cv[i, j] <- cross / df
  }
  list(r = r, cov = cv, n = n)
}

report_within <- function(name, x, group) {
  w <- within(x, group)
  if (!anyNA(x)) {
    centred <- x - apply(x, 2, function(column) ave(column, group))
    pooled <- crossprod(centred) / (nrow(x) - length(unique(group)))
    stopifnot(isTRUE(all.equal(pooled, w$cov, tolerance = 1e-14)),
              isTRUE(all.equal(cov2cor(pooled), w$r, tolerance = 1e-14)))
  }
  fewest <- min(w$n)
  # The warnings (omega_h with one factor, fit statistics of a matrix input) do not
  # concern omega total.
  om <- suppressWarnings(omega(w$r, nfactors = 1, fm = "minres", n.obs = fewest,
                               plot = FALSE))
  pa <- suppressWarnings(fa(w$r, nfactors = 1, fm = "pa", n.obs = fewest, min.err = 1e-12,
                            max.iter = 10000, warnings = FALSE))
  raw <- suppressMessages(suppressWarnings(omega(x, nfactors = 1, fm = "minres",
                                                 plot = FALSE)))
  al <- suppressWarnings(alpha(w$cov, warnings = FALSE))
  k <- ncol(x)
  by_hand <- k / (k - 1) * (1 - sum(diag(w$cov)) / sum(w$cov))
  cat(sprintf("%s: %d respondents in %d groups x %d items, fewest on a pair %d\n",
              name, nrow(x), length(unique(group)), k, fewest))
  cat("  within-group r (upper triangle, by row)\n   ",
      paste(sprintf("%.10f", w$r[upper.tri(w$r)][order(row(w$r)[upper.tri(w$r)])]),
            collapse = " "), "\n")
  cat(sprintf("  omega.tot within   %.10f\n", om$omega.tot))
  cat(sprintf("  pa loadings %s\n", paste(sprintf("%.8f", pa$loadings[, 1]), collapse = " ")))
  cat(sprintf("  pa omega within    %.10f\n", 1 - sum(pa$uniquenesses) / sum(w$r)))
  cat(sprintf("  omega.tot all rows together (not what quickscan gives) %.10f\n",
              raw$omega.tot))
  cat(sprintf("  raw_alpha within   %.10f (by hand %.10f)\n", al$total$raw_alpha, by_hand))
}

report_within("d", d, group)
report_within("e", e, group)

# Output (Rscript tests/reference/psych_reference.R, Debian bookworm; psych also prints
# that omega_h is not meaningful with one factor, which does not concern omega total; the
# within-group r of d and e are printed on one line each, wrapped here):
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
# d: 26 respondents in 2 groups x 5 items, fewest on a pair 26
#   within-group r (upper triangle, by row)
#     0.5240149249 0.4514614341 0.3415001880 0.4158957089 0.5428002717
#     0.5304341208 0.4425739454 0.5508806706 0.4788998505 0.3908062686
#   omega.tot within   0.8160270157
#   pa loadings 0.61943276 0.76579129 0.75799676 0.66360790 0.61402708
#   pa omega within    0.8160270196
#   omega.tot all rows together (not what quickscan gives) 0.9056389699
#   raw_alpha within   0.8069535152 (by hand 0.8069535152)
# e: 26 respondents in 2 groups x 5 items, fewest on a pair 22
#   within-group r (upper triangle, by row)
#     0.6356549377 0.4582671069 0.3109660297 0.3649542829 0.5540770940
#     0.5431936999 0.5069004563 0.7010022292 0.5593996041 0.4790817676
#   omega.tot within   0.8424546530
#   pa loadings 0.59704857 0.78649444 0.82148130 0.72280785 0.65477835
#   pa omega within    0.8424546536
#   omega.tot all rows together (not what quickscan gives) 0.9115100785
#   raw_alpha within   0.8403921556 (by hand 0.8403921556)
