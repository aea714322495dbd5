# Runs R's eiPack::ei.MD.bayes (Lau, Moore & Kellermann) with its defaults on every case file given:
#   Rscript eipack.R out-dir case1.csv case2.csv ...
# A case file has one row per unit: columns x1..xR (row counts) then y1..yC (column counts).
# Defaults of ei.MD.bayes used (eiPack 0.2): lambda1 = 4, lambda2 = 2 (Gamma hyperprior of alpha),
# sample = 1000, thin = 1, burnin = 1000, no tuning (tune.list = NULL), no covariate, one chain
# (burnin and sample can be set through EIPACK_BURNIN and EIPACK_SAMPLE).
# Writes <case>.draws.csv: kept draws of the aggregate cell counts (Cell.counts, rows x cols, row-major
# r1c1, r1c2, ...) and <case>.time: the seconds ei.MD.bayes took.
suppressPackageStartupMessages(library(eiPack))
args <- commandArgs(trailingOnly = TRUE)
out <- args[1]
set.seed(20240601)
for (f in args[-1]) {
  d <- read.csv(f)
  xs <- grep("^x", names(d), value = TRUE)
  ys <- grep("^y", names(d), value = TRUE)
  form <- as.formula(paste0("cbind(", paste(ys, collapse = ","), ") ~ cbind(", paste(xs, collapse = ","), ")"))
  t0 <- proc.time()[["elapsed"]]
  # EIPACK_BURNIN / EIPACK_SAMPLE (bench:elections --eipack-burnin / --eipack-sample) lengthen the run; unset, the defaults.
  fit <- ei.MD.bayes(form, data = d, burnin = as.integer(Sys.getenv("EIPACK_BURNIN", "1000")), sample = as.integer(Sys.getenv("EIPACK_SAMPLE", "1000")))
  secs <- proc.time()[["elapsed"]] - t0
  cc <- fit$draws$Cell.counts
  # Cell.counts columns are named ccount.<row>.<col>; reorder to row-major.
  nm <- outer(xs, ys, function(r, c) paste("ccount", r, c, sep = "."))
  cc <- cc[, as.vector(t(nm)), drop = FALSE]
  base <- file.path(out, sub("\\.csv$", "", basename(f)))
  write.table(cc, paste0(base, ".draws.csv"), sep = ",", row.names = FALSE, col.names = FALSE)
  writeLines(format(secs), paste0(base, ".time"))
  cat(basename(f), secs, "s\n")
}
