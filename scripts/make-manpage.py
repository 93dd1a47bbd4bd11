#!/usr/bin/env python3
"""Writes a man page (troff, section 1) from a tool's --help and --version, as llvm::cl prints
them: the overview's paragraphs, the usage lines, and every option of the tool's own categories
with its description joined and its values listed.

    make-manpage.py BINARY NAME "one-line summary" OUT [--see-also PAGE...]

The page is generated at build time, so it can never disagree with --help
(tests/integration/test_deb_package.py checks that every option of --help is on it).
"""
import datetime
import os
import re
import subprocess
import sys

OPTION = re.compile(r"^  (-\S+(?: <[^>]*>)?)\s+- (.*)$")
VALUE = re.compile(r"^    =(\S+)(?:\s+-\s+(.*))?$")
CONTINUATION = re.compile(r"^\s{20,}(\S.*)$")


def esc(text):
    """Text as troff prints it literally: backslashes, and dashes and periods that would be
    read as hyphens or requests."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text.startswith((".", "'")) else text


def parse(help_text):
    overview, usage_lines, options = [], [], []
    usage = ""
    section = "overview"
    category = None
    for line in help_text.splitlines():
        if line.startswith("OVERVIEW: "):
            overview.append([line[len("OVERVIEW: "):]])
            continue
        if line.startswith("USAGE: "):
            usage = line[len("USAGE: "):].strip()
            section = "options"
            continue
        if line == "OPTIONS:":
            section = "options"
            continue
        if section == "overview":
            if not line.strip():
                overview.append([])
            elif line.startswith("  "):
                usage_lines.append(line.strip())
            else:
                overview[-1].append(line.strip())
            continue
        if line.endswith(":") and not line.startswith(" "):
            category = line[:-1]
            continue
        if category == "Generic Options":
            continue
        m = OPTION.match(line)
        if m:
            options.append({"flag": m.group(1), "text": [m.group(2)], "values": []})
            continue
        m = VALUE.match(line)
        if m and options:
            options[-1]["values"].append((m.group(1), (m.group(2) or "").strip()))
            continue
        m = CONTINUATION.match(line)
        if m and options:
            options[-1]["text"].append(m.group(1))
    paragraphs = [" ".join(p) for p in overview if p]
    # The overview's own usage lines when it has them, else llvm::cl's USAGE line.
    return paragraphs, usage_lines or ([usage] if usage else []), options


def main():
    args = sys.argv[1:]
    see_also = []
    if "--see-also" in args:
        i = args.index("--see-also")
        see_also, args = args[i + 1:], args[:i]
    binary, name, summary, out = args
    help_text = subprocess.run([binary, "--help"], capture_output=True, text=True,
                               check=True).stdout
    version = subprocess.run([binary, "--version"], capture_output=True, text=True,
                             check=True).stdout.strip()
    paragraphs, usage_lines, options = parse(help_text)
    # SOURCE_DATE_EPOCH: reproducible pages (and packages), as Debian builds them.
    when = datetime.datetime.fromtimestamp(
        int(os.environ.get("SOURCE_DATE_EPOCH", "0")) or
        int(subprocess.run(["date", "+%s"], capture_output=True, text=True).stdout),
        datetime.timezone.utc)
    lines = ['.TH %s 1 "%s" "%s" "User Commands"' % (name.upper(), when.strftime("%Y-%m-%d"),
                                                      esc(version)),
             ".SH NAME", "%s \\- %s" % (esc(name), esc(summary)), ".SH SYNOPSIS"]
    for u in usage_lines:
        lines += [".nf", esc(u), ".fi"]
    lines.append(".SH DESCRIPTION")
    exit_status = []
    for p in paragraphs[1:]:  # the first is the summary, in NAME
        (exit_status if p.startswith("Exit status:") else lines).append(
            esc(p[len("Exit status: "):] if p.startswith("Exit status:") else p))
        if not p.startswith("Exit status:"):
            lines.append(".PP")
    if lines[-1] == ".PP":
        lines.pop()
    lines.append(".SH OPTIONS")
    for o in options:
        text = " ".join(o["text"])
        if o["values"] and not any(meaning for _, meaning in o["values"]):
            text = text.rstrip(".") + ". One of: %s." % ", ".join(v for v, _ in o["values"])
            o["values"] = []
        lines += [".TP", "\\fB%s\\fR" % esc(o["flag"]), esc(text)]
        for value, meaning in o["values"]:
            lines += [".RS", ".TP", "\\fB%s\\fR" % esc(value)]
            lines += [esc(meaning)] if meaning else []
            lines.append(".RE")
    lines += [".TP", "\\fB\\-\\-version\\fR, \\fB\\-\\-help\\fR",
              "Print the version, or this list of options, and exit."]
    if exit_status:
        lines += [".SH EXIT STATUS"] + exit_status
    if see_also:
        lines += [".SH SEE ALSO", ", ".join("\\fB%s\\fR" % esc(s) for s in see_also)]
    with open(out + ".tmp", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
