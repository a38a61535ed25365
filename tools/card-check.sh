#!/usr/bin/env bash
# Print a batch's results card (card.html) to PDF in a real browser
# (headless Chromium) on A4 and on Letter, and check the PDFs: the paper
# size, a page count between 1 and one page per coupon plus one, ink on
# every page (no blank page from an overflowing section), every coupon's
# picture embedded, and every station label and the last section in the
# text (nothing cut off). Installs Debian's chromium and poppler-utils if
# missing.
# Usage: tools/card-check.sh [KEEP_DIR]   (KEEP_DIR: keep the PDFs and a
# screenshot of the card there, to look at)
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v pdfinfo >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "card-check: installing ${missing[*]} from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Ask cargo where it put the binary (as tools/slice-check.sh does): this
# honours CARGO_TARGET_DIR and a cargo config's target-dir.
bin=$(cargo build --release --quiet --bin gapgauge --message-format=json-render-diagnostics |
  python3 -c 'import json, sys
exe = [m["executable"] for m in map(json.loads, sys.stdin)
       if m.get("reason") == "compiler-artifact" and m.get("executable")]
print(exe[-1])')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
coupons=pin,hinge,slots,plugs
"$bin" batch pla --coupons "$coupons" --out-dir "$work/sets" --quiet > /dev/null
set_dir="$work/sets/pla"
n_coupons=4

browser() {
  # A fresh profile per run; no network, no updates, no GPU, no sandbox
  # (CI runs as root).
  local profile
  profile=$(mktemp -d "$work/profile.XXXX")
  timeout 120 chromium --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --user-data-dir="$profile" "$@" 2> "$work/chromium.log" \
    || { cat "$work/chromium.log" >&2; return 1; }
}

status=0
fail() { echo "card-check: FAILED: $*" >&2; status=1; }

for paper in A4 Letter; do
  # The same card with the paper size forced, beside the original so the
  # pictures resolve.
  page="$set_dir/card-$paper.html"
  sed "s|<style>|<style>@page { size: $paper; }|" "$set_dir/card.html" > "$page"
  pdf="$work/card-$paper.pdf"
  browser --no-pdf-header-footer --print-to-pdf="$pdf" "file://$page"
  info=$(pdfinfo "$pdf")
  pages=$(awk '/^Pages:/ {print $2}' <<< "$info")
  size=$(awk -F': *' '/^Page size:/ {print $2}' <<< "$info")
  echo "== card on $paper: $pages pages, $size"
  case "$paper" in
    A4) [[ "$size" == 59[45]* ]] || fail "$paper: page size $size" ;;
    Letter) [[ "$size" == 612* ]] || fail "$paper: page size $size" ;;
  esac
  if [ "$pages" -lt 1 ] || [ "$pages" -gt $((n_coupons + 1)) ]; then
    fail "$paper: $pages pages for $n_coupons coupons"
  fi
  images=$(pdfimages -list "$pdf" | awk 'NR > 2 && $3 == "image"' | wc -l)
  [ "$images" -ge "$n_coupons" ] || fail "$paper: $images pictures embedded, want $n_coupons"
  pdftotext -layout "$pdf" "$work/card-$paper.txt"
  for heading in "Captive-pin gauge" "Hinge ladder" "Slot comb" "Push-out plugs" \
    "Slice it with" "What the result means" "first layer height"; do
    grep -q "$heading" "$work/card-$paper.txt" || fail "$paper: no \"$heading\" in the text"
  done
  # Every station label from the manifest is on the card.
  python3 - "$set_dir/manifest.json" "$work/card-$paper.txt" <<'PY' || fail "$paper: station labels"
import json, re, sys
manifest = json.load(open(sys.argv[1]))
words = set(re.findall(r"\S+", open(sys.argv[2]).read()))
missing = [
    f'{c["coupon"]} {s["label"]}'
    for c in manifest["coupons"]
    for s in c["stations"]
    if s["label"] not in words
]
if missing:
    sys.exit(f"labels not on the card: {missing}")
PY
  # Ink on every page: at least 2 % of each page darker than light grey.
  pdftoppm -r 30 -gray "$pdf" "$work/page-$paper"
  python3 - "$work"/page-"$paper"-*.pgm <<'PY' || fail "$paper: a blank page"
import sys
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    # Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
    parts = data.split(maxsplit=4)
    w, h = int(parts[1]), int(parts[2])
    pixels = parts[4][-w * h:]
    ink = sum(1 for p in pixels if p < 200) / (w * h)
    print(f"   {path.rsplit('/', 1)[-1]}: {ink:.1%} ink")
    if ink < 0.02:
        sys.exit(f"{path}: blank page ({ink:.2%} ink)")
PY
done

if [ $# -ge 1 ]; then
  mkdir -p "$1"
  cp "$work"/card-*.pdf "$1"/
  browser --screenshot="$1/card-screenshot.png" --window-size=900,1800 \
    --hide-scrollbars "file://$set_dir/card.html"
  echo "card-check: PDFs and a screenshot in $1"
fi
exit $status
