#!/usr/bin/python3
"""Renders a terminal screen captured by `tmux capture-pane -e -p` (text
with SGR colour escapes) as a PNG, cell by cell in DejaVu Sans Mono: the
screenshot of the README is Neovim's real screen, not a mock-up."""
import re
import sys
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
BASE16 = [(0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16), (36, 114, 200), (188, 63, 188),
          (17, 168, 205), (229, 229, 229), (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67),
          (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255)]
FG, BG = (220, 220, 220), (30, 30, 30)


def xterm(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)


def cells(text):
    """Each line as a list of (char, fg, bg, bold)."""
    out = []
    for line in text.split("\n"):
        fg, bg, bold, rev = None, None, False, False
        row = []
        for part in re.split(r"(\x1b\[[0-9;:]*m)", line):
            if part.startswith("\x1b["):
                codes = [int(c) if c else 0 for c in re.split("[;:]", part[2:-1])] or [0]
                i = 0
                while i < len(codes):
                    c = codes[i]
                    if c == 0:
                        fg, bg, bold, rev = None, None, False, False
                    elif c == 1:
                        bold = True
                    elif c == 22:
                        bold = False
                    elif c == 7:
                        rev = True
                    elif c == 27:
                        rev = False
                    elif 30 <= c <= 37:
                        fg = BASE16[c - 30]
                    elif 90 <= c <= 97:
                        fg = BASE16[c - 90 + 8]
                    elif 40 <= c <= 47:
                        bg = BASE16[c - 40]
                    elif 100 <= c <= 107:
                        bg = BASE16[c - 100 + 8]
                    elif c == 39:
                        fg = None
                    elif c == 49:
                        bg = None
                    elif c in (38, 48) and i + 1 < len(codes):
                        if codes[i + 1] == 5 and i + 2 < len(codes):
                            col = xterm(codes[i + 2])
                            i += 2
                        elif codes[i + 1] == 2 and i + 4 < len(codes):
                            col = tuple(codes[i + 2:i + 5])
                            i += 4
                        else:
                            col = None
                        if c == 38:
                            fg = col
                        else:
                            bg = col
                    i += 1
                continue
            for ch in part:
                f, b = fg or FG, bg or BG
                if rev:
                    f, b = b, f
                row.append((ch, f, b, bold))
        out.append(row)
    return out


def main(src, dst, columns, rows):
    screen = cells(open(src, encoding="utf-8").read())[:rows]
    font, bold = ImageFont.truetype(FONT, 15), ImageFont.truetype(BOLD, 15)
    w, h = 9, 19
    img = Image.new("RGB", (columns * w + 16, rows * h + 16), BG)
    d = ImageDraw.Draw(img)
    for y, row in enumerate(screen):
        for x, (ch, f, b, bo) in enumerate(row[:columns]):
            px, py = 8 + x * w, 8 + y * h
            if b != BG:
                d.rectangle([px, py, px + w - 1, py + h - 1], fill=b)
            if ch != " ":
                d.text((px, py + 1), ch, font=bold if bo else font, fill=f)
    img.save(dst, optimize=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
