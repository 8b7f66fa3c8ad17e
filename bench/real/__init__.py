"""Quality on real ingest artifacts: ``python -m bench.real [--cases PATH]``.

The cases are real passages with hand-made gold repairs (``../shared/real-dev/cases.jsonl``,
read in place, never copied into the repository). Each passage's gold is turned into
token-level regions by diffing it against the noisy text, and the pipeline's change log is
scored against those regions with the quality benchmark's cluster scorer
(``bench.quality.score``): P/R/F0.5 per class and overall, false edits per 1,000 words on
the controls, the share of controls unchanged and the share of passages exactly right.
"""
