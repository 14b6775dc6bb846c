#!/usr/bin/env python3
"""scikit-learn's IsolationForest on the same inputs as bench/run.ts, for the speed ratio.

  /usr/bin/python3 bench/sklearn_iforest.py                         every CSV in ../shared/data, 5 seeds
  /usr/bin/python3 bench/sklearn_iforest.py --dataset F.csv --seed 0  one JSON line
  /usr/bin/python3 bench/sklearn_iforest.py --scaling                 synthetic 10k / 100k / 1M x 10

Needs scikit-learn (Debian: apt-get install -y python3-sklearn, which is 1.2.1 like the
README's reference). Runs single-threaded (n_jobs=1) as the reference figures were.
"""
import argparse
import glob
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import average_precision_score, roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "..", "..", "shared", "data")


def synthetic(n, d=10, seed=0):
    """N(0, I_d) with 1 % of rows uniform in [-6, 6]^d, as bench/data.ts (other draws, same law)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d))
    y = (rng.random(n) < 0.01).astype(int)
    x[y == 1] = rng.uniform(-6, 6, size=(int(y.sum()), d))
    return x, y


def run_once(x, y, seed):
    model = IsolationForest(n_estimators=100, max_samples=256, random_state=seed, n_jobs=1)
    t0 = time.perf_counter()
    model.fit(x)
    t1 = time.perf_counter()
    scores = -model.score_samples(x)
    t2 = time.perf_counter()
    return {
        "auc": roc_auc_score(y, scores),
        "ap": average_precision_score(y, scores),
        "fit_s": t1 - t0,
        "score_s": t2 - t1,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "n": int(x.shape[0]),
        "d": int(x.shape[1]),
    }


def child(args):
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dataset")
    p.add_argument("--synthetic", type=int)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--scaling", action="store_true")
    p.add_argument("--data", default=DEFAULT_DATA)
    a = p.parse_args()
    if a.dataset or a.synthetic:
        if a.dataset:
            raw = np.loadtxt(a.dataset, delimiter=",")
            x, y = raw[:, :-1], (raw[:, -1] == 1).astype(int)
        else:
            x, y = synthetic(a.synthetic)
        print(json.dumps(run_once(x, y, a.seed)))
    elif a.scaling:
        print("| rows | fit s | score s | AUC | peak RSS MB |\n|---|---|---|---|---|")
        for n in (10_000, 100_000, 1_000_000):
            r = child(["--synthetic", str(n)])
            print(f"| {n} | {r['fit_s']:.3f} | {r['score_s']:.3f} | {r['auc']:.3f} | {r['peak_rss_mb']:.0f} |")
    else:
        if not os.path.isdir(a.data):
            print(f"No benchmark data at {a.data}; skipping.")
            return
        print("| dataset | AUC | AP | fit / score s | peak RSS MB |\n|---|---|---|---|---|")
        for path in sorted(glob.glob(os.path.join(a.data, "*.csv")), key=os.path.getsize):
            runs = [child(["--dataset", path, "--seed", str(s)]) for s in range(5)]
            auc = np.array([r["auc"] for r in runs])
            ap = np.array([r["ap"] for r in runs])
            fit = np.mean([r["fit_s"] for r in runs])
            score = np.mean([r["score_s"] for r in runs])
            rss = max(r["peak_rss_mb"] for r in runs)
            name = os.path.basename(path)[:-4]
            print(
                f"| {name} | {auc.mean():.3f} ± {auc.std(ddof=1):.3f} | {ap.mean():.3f} ± {ap.std(ddof=1):.3f} "
                f"| {fit:.3f} / {score:.3f} | {rss:.0f} |"
            )


if __name__ == "__main__":
    main()
