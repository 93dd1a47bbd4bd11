"""Compile databases for the benchmark and the robustness run (bench/analyzer, bench/robustness)."""
import json
import os
from pathlib import Path


def dedup_database(src_db, out_dir):
    """OUT_DIR/compile_commands.json with one command per file (the first), as concur-lint
    analyses each file once; each entry's "file" made absolute. Returns the entries."""
    entries = json.loads(Path(src_db).read_text())
    seen, kept = set(), []
    for e in entries:
        f = os.path.normpath(os.path.join(e["directory"], e["file"]))
        if f in seen:
            continue
        seen.add(f)
        kept.append(dict(e, file=f))
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "compile_commands.json").write_text(json.dumps(kept, indent=1))
    return kept
