#!/usr/bin/env python3
"""Turns a terminal screen captured with `tmux capture-pane -e -p` (text plus SGR colour codes) into one HTML page,
so a browser can screenshot it. Only what capture-pane emits is handled: SGR resets, bold, dim, the 16 colours,
256-colour and true-colour foregrounds."""
import html
import re
import sys

BASE = ["#2e3436", "#cc0000", "#4e9a06", "#c4a000", "#3465a4", "#75507b", "#06989a", "#d3d7cf",
        "#555753", "#ef2929", "#8ae234", "#fce94f", "#729fcf", "#ad7fa8", "#34e2e2", "#eeeeec"]


def colour256(n):
    if n < 16:
        return BASE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    grey = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (grey, grey, grey)


def convert(text):
    out, style = [], {}
    for part in re.split(r"(\x1b\[[0-9;]*m)", text):
        if part.startswith("\x1b["):
            codes = [int(c) if c else 0 for c in part[2:-1].split(";")]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0:
                    style = {}
                elif c == 1:
                    style["font-weight"] = "bold"
                elif c == 2:
                    style["opacity"] = "0.7"
                elif c in (22,):
                    style.pop("font-weight", None)
                elif 30 <= c <= 37:
                    style["color"] = BASE[c - 30]
                elif 90 <= c <= 97:
                    style["color"] = BASE[c - 90 + 8]
                elif c == 39:
                    style.pop("color", None)
                elif c == 38 and i + 2 < len(codes) and codes[i + 1] == 5:
                    style["color"] = colour256(codes[i + 2])
                    i += 2
                elif c == 38 and i + 4 < len(codes) and codes[i + 1] == 2:
                    style["color"] = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5])
                    i += 4
                i += 1
        elif part:
            css = ";".join(f"{k}:{v}" for k, v in style.items())
            out.append(f'<span style="{css}">{html.escape(part)}</span>' if css else html.escape(part))
    return "".join(out)


title = sys.argv[1] if len(sys.argv) > 1 else "terminal"
body = convert(sys.stdin.read())
print(f"""<!doctype html><meta charset="utf-8"><title>{html.escape(title)}</title>
<body style="margin:0;background:#1e1e1e"><pre style="margin:0;padding:14px 18px;color:#d3d7cf;background:#1e1e1e;
font:14px/1.25 'DejaVu Sans Mono',monospace">{body}</pre></body>""")
