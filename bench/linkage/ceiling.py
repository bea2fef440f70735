#!/usr/bin/env python3
"""
How far can any decision made pair by pair go on a labelled set? Trains classifiers on the pairs
dumped by `quality.ts --dump` for some seeds and measures their F1 on other seeds, next to the F1
of Ponte's own `match` decision on the same pairs.

The classifiers see every reason the scorer gives (name similarity, name frequency, competing
candidates, birth date relation, sex, citizenship, document, phone) and the score itself; with
--oracle they also see facts read off the fictional identities in clear (kinds of birth date on each
side, distance of the birth years, equal name tokens, which fields are missing), which a keyed
comparison cannot see. A classifier fitted to the labels with all that is an estimate of the best a
pairwise decision can reach on the set, not something to ship: it is opaque and learns the
generator.

Needs Python 3 with scikit-learn and NumPy (Debian: apt-get install python3-sklearn).

  for s in 20261123 777 4242 9001; do
    npx tsx bench/linkage/quality.ts --seed $s --count 20000 --dump /tmp/standard-$s.tsv
  done
  python3 bench/linkage/ceiling.py --train /tmp/standard-20261123.tsv /tmp/standard-777.tsv \\
      --test /tmp/standard-4242.tsv /tmp/standard-9001.tsv [--oracle] [--drop document_differs,phone_differs]

F1 counts every true pair of the set (the dump's first line gives their number), so true pairs that
blocking never brought together, or that scored below 0.01, count as missed for every method.
"""
import argparse
import json
import re

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

CODES = [
    'name_exact', 'names_swapped', 'alias_match',
    'birth_date_exact', 'birth_date_day_month_swap', 'birth_date_day_differs', 'birth_date_year_differs',
    'birth_date_mismatch', 'birth_year_equal', 'birth_year_compatible', 'birth_year_near', 'birth_year_mismatch',
    'sex_agrees', 'sex_differs', 'citizenship_agrees', 'citizenship_differs',
    'document_match', 'document_differs', 'phone_match', 'phone_differs',
]
VALUES = ['name_similarity', 'name_frequency', 'competing_candidates', 'birth_year_compatible']


def birth_kind(r):
    b = r.get('birthDate')
    return {'exact': 0, 'year': 1, 'range': 2}[b['kind']] if b else 3


def birth_middle(r):
    b = r.get('birthDate')
    if not b:
        return None
    return (b['fromYear'] + b['toYear']) / 2 if b['kind'] == 'range' else b['year']


def name_tokens(r):
    n = r['names'][0]
    return sorted(f"{n.get('given') or ''} {n.get('family') or ''}".lower().split())


def features(score, reasons, a, b, oracle, drop):
    given = {}
    for item in reasons.split(' '):
        code, _, value = item.partition('=')
        if code and code not in drop:
            given[code] = float(value) if value else 1.0
    f = [score, given.get('name_similarity', 0.0), np.log1p(given.get('name_frequency', 0.0)), float('name_frequency' in given),
         given.get('competing_candidates', 0.0), given.get('birth_year_compatible', 0.0)]
    f += [1.0 if c in given else 0.0 for c in CODES]
    if oracle:
        ka, kb = birth_kind(a), birth_kind(b)
        ma, mb = birth_middle(a), birth_middle(b)
        f += [min(ka, kb), max(ka, kb), abs(ma - mb) if ma is not None and mb is not None else -1.0,
              float(name_tokens(a) == name_tokens(b)), ('sex' in a) + ('sex' in b), ('citizenships' in a) + ('citizenships' in b)]
    return f


def load(path, oracle, drop):
    xs, ys, ours = [], [], []
    with open(path, encoding='utf-8') as file:
        head = file.readline()
        m = re.search(r'true_pairs (\d+)', head)
        if not m:
            raise SystemExit(f'{path}: not a dump of quality.ts --dump (first line without true_pairs)')
        positives = int(m.group(1))
        file.readline()  # column names
        for line in file:
            same, score, decision, reasons, a, b = line.rstrip('\n').split('\t')
            xs.append(features(float(score), reasons, json.loads(a), json.loads(b), oracle, drop))
            ys.append(int(same))
            ours.append(decision == 'match')
    return np.array(xs), np.array(ys), np.array(ours), positives


def f1(predicted, truth, positives):
    tp = int((predicted & (truth == 1)).sum())
    fp = int((predicted & (truth == 0)).sum())
    precision = tp / max(1, tp + fp)
    recall = tp / positives
    return 2 * precision * recall / max(1e-9, precision + recall), precision, recall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--train', nargs='+', required=True)
    ap.add_argument('--test', nargs='+', required=True)
    ap.add_argument('--oracle', action='store_true')
    ap.add_argument('--drop', default='', help='reason codes to hide from the classifiers, comma-separated')
    args = ap.parse_args()
    drop = {c for c in args.drop.split(',') if c}
    train = [load(p, args.oracle, drop) for p in args.train]
    test = [(p, load(p, args.oracle, drop)) for p in args.test]
    x = np.vstack([t[0] for t in train])
    y = np.concatenate([t[1] for t in train])
    models = {
        'gradient boosting': HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, random_state=0),
        'logistic regression': make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000)),
    }
    print(f"{len(y)} training pairs from {len(train)} sets; oracle features {'on' if args.oracle else 'off'}; hidden codes: {', '.join(sorted(drop)) or 'none'}")
    for name, model in models.items():
        model.fit(x, y)
        # the threshold is chosen on the training sets, never on a test set
        thresholds = np.arange(0.2, 0.81, 0.05)
        mean_f1 = [np.mean([f1(model.predict_proba(t[0])[:, 1] >= th, t[1], t[3])[0] for t in train]) for th in thresholds]
        th = float(thresholds[int(np.argmax(mean_f1))])
        for path, (tx, ty, ours, positives) in test:
            base = f1(ours, ty, positives)
            learned = f1(model.predict_proba(tx)[:, 1] >= th, ty, positives)
            print(f'{path}: ours F1 {base[0]:.4f} (P {base[1]:.4f} R {base[2]:.4f}) | {name} at {th:.2f}: F1 {learned[0]:.4f} (P {learned[1]:.4f} R {learned[2]:.4f})')


if __name__ == '__main__':
    main()
