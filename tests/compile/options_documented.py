#!/usr/bin/env python3
"""tests/compile/options_documented.py - every configuration macro is documented.

    options_documented.py SRCDIR

A user configures virt with VIRT_* macros; one that is misspelled silently
does nothing, so the list is exact: every VIRT_* macro the headers test
(#ifdef, #ifndef, #if/#elif with defined() or a value) must appear in an
options table - virt.h's CONFIGURATION table or a header's own table in its
top comment - and every macro such a table lists must be tested by some
header. Not options: private names (VIRT__*), include guards (*_H,
*_INCLUDED) and VIRT_IMPLEMENTATION itself (the "Do this" recipe).

A table is a paragraph of a header's top comment that mentions "option" or
"CONFIGURATION"; its rows are the lines whose first word is a VIRT_ name;
"VIRT_MALLOC/REALLOC/FREE" names VIRT_MALLOC, VIRT_REALLOC, VIRT_FREE.
Exit 0 when both lists agree, 1 otherwise.
"""
import os
import re
import sys

HEADERS = ["virt.h", "virt_xml.h", "virt_xend.h", "virt_xs.h", "virt_hv.h", "virt_remote.h", "virt_xl.h"]
NAME = re.compile(r"\bVIRT_[A-Z0-9_]*[A-Z0-9]\b")
CONDITIONAL = re.compile(r"^\s*#\s*(if|ifdef|ifndef|elif)\b(.*)$")


def not_an_option(name):
    return (name.startswith("VIRT__") or name.endswith("_H") or
            name.endswith("_INCLUDED") or name == "VIRT_IMPLEMENTATION")


def logical_lines(text):
    """(line number, text) with backslash continuations joined."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        start, line = i + 1, lines[i]
        while line.endswith("\\") and i + 1 < len(lines):
            i += 1
            line = line[:-1] + " " + lines[i]
        yield start, line
        i += 1


def strip_comments(line):
    line = re.sub(r"/\*.*?\*/", " ", line)
    return line.split("//", 1)[0].split("/*", 1)[0]


def tested_macros(path):
    """{name: [header:line, ...]} of the VIRT_* names in conditionals."""
    found = {}
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for number, line in logical_lines(text):
        m = CONDITIONAL.match(line)
        if not m:
            continue
        for name in NAME.findall(strip_comments(m.group(2))):
            if not not_an_option(name):
                found.setdefault(name, []).append("%s:%d" % (os.path.basename(path), number))
    return found


def documented_macros(path):
    """The names in the option table(s) of the header's top comment.

    A table starts at a line that mentions "option" or "CONFIGURATION" and
    runs to the next blank line; its rows are the lines whose first word
    is a VIRT_ name (prose that merely starts with a VIRT_ constant, outside
    a table, does not count)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.startswith("/*") or "*/" not in text:
        return set()
    names = set()
    in_table = False
    for line in text[2:text.index("*/")].split("\n"):
        if not line.strip():
            in_table = False
            continue
        if re.search(r"option|CONFIGURATION", line, re.IGNORECASE):
            in_table = True
        words = line.split()
        if not in_table or not words[0].startswith("VIRT_"):
            continue
        for part in words[0].split("/"):
            part = part.strip(",;:")
            if not part.startswith("VIRT_"):
                part = "VIRT_" + part
            if NAME.fullmatch(part):
                names.add(part)
    return names


def main():
    if len(sys.argv) != 2:
        print("usage: %s SRCDIR" % sys.argv[0], file=sys.stderr)
        return 2
    src = sys.argv[1]
    tested, documented = {}, {}
    for header in HEADERS:
        path = os.path.join(src, header)
        for name, where in tested_macros(path).items():
            tested.setdefault(name, []).extend(where)
        for name in documented_macros(path):
            documented.setdefault(name, []).append(header)

    failed = passed = 0
    for name in sorted(tested):
        if name in documented:
            passed += 1
            print("ok   %s (tested at %s, documented in %s)"
                  % (name, tested[name][0], ", ".join(documented[name])))
        else:
            failed += 1
            print("FAIL %s is tested at %s but is in no options table"
                  % (name, ", ".join(tested[name])))
    for name in sorted(documented):
        if not_an_option(name) or name in tested:
            continue
        failed += 1
        print("FAIL %s is documented in %s but no header tests it (an option that does nothing)"
              % (name, ", ".join(documented[name])))
    print("options-documented: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
