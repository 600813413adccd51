#!/usr/bin/env python3
"""The longest methods and constructors under a source tree, by lines from signature to closing brace.

    scripts/method-lengths.py [DIR] [N]      (default: src/main/java, 15)

A brace counter over the text with strings, chars and comments blanked out: a '{' that closes a
declaration "name(...) [throws ...]" at class-body level opens a method; lambdas and anonymous
classes count towards the method they are in. Good enough to compare before and after a refactor.
"""
import pathlib
import re
import sys

KEYWORDS = {"if", "for", "while", "switch", "catch", "synchronized", "try", "return", "new", "else", "do"}
DECL = re.compile(r"(\w+)\s*(<[^(){};]*>)?\s*\(([^(){};]|\([^(){};]*\))*\)\s*(throws\s+[\w.,\s]+)?$", re.S)
TYPE = re.compile(r"\b(class|interface|enum|record)\b")


def blank(text):
    """Strings, text blocks, chars and comments replaced by spaces (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith('"""', i):
            j = text.find('"""', i + 3)
            j = n if j < 0 else j + 3
        elif text[i] in "\"'":
            q, j = text[i], i + 1
            while j < n and text[j] != q:
                j += 2 if text[j] == "\\" else 1
            j += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        else:
            out.append(text[i])
            i += 1
            continue
        out.append(re.sub(r"[^\n]", " ", text[i:j]))
        i = j
    return "".join(out)


def methods(path):
    text = blank(path.read_text(encoding="utf-8"))
    stack = []          # per open brace: "type", "method" or "block"
    start = 0           # where the current declaration began (after the last ; { or })
    open_method = None  # (name, first line, depth)
    for i, ch in enumerate(text):
        if ch == "{":
            head = text[start:i].strip()
            in_type_body = not stack or stack[-1] == "type"
            if in_type_body and TYPE.search(head):
                stack.append("type")
            elif in_type_body and open_method is None:
                m = DECL.search(head)
                if m and m.group(1) not in KEYWORDS:
                    first = text.count("\n", 0, start + len(text[start:i]) - len(text[start:i].lstrip())) + 1
                    open_method = (m.group(1), first, len(stack))
                    stack.append("method")
                else:
                    stack.append("block")           # an initializer or a compact constructor
                    if head.split()[-1:] and re.fullmatch(r"(public\s+|private\s+|protected\s+)?\w+", head):
                        first = text.count("\n", 0, i) + 1
                        open_method = (head.split()[-1], first, len(stack) - 1)
                        stack[-1] = "method"
            else:
                stack.append("block")
            start = i + 1
        elif ch == "}":
            kind = stack.pop() if stack else None
            if kind == "method" and open_method and open_method[2] == len(stack):
                last = text.count("\n", 0, i) + 1
                yield open_method[0], open_method[1], last - open_method[1] + 1
                open_method = None
            start = i + 1
        elif ch == ";":
            start = i + 1


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "src/main/java")
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    rows = []
    for f in sorted(root.rglob("*.java")):
        for name, line, length in methods(f):
            rows.append((length, f"{f.relative_to(root)}:{line}", name))
    rows.sort(key=lambda r: (-r[0], r[1]))
    for length, where, name in rows[:top]:
        print(f"{length:5d}  {name}  {where}")


if __name__ == "__main__":
    main()
