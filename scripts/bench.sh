#!/usr/bin/env bash
# Whole-process timings of the postlint binary (issue 6).
#
# Usage:   scripts/bench.sh            (from anywhere in the repository)
#
# What it does:
#   1. builds the release binary and the gen_corpus example;
#   2. generates the deterministic corpus (benches/common/corpus.rs) into a
#      temporary folder: POSTS posts as one .txt thread file, and the same
#      posts as one file each;
#   3. times with hyperfine, each command start to finish (process start,
#      embedded pack compiled, lint, print to /dev/null):
#        - one post:             postlint check post-00001.txt
#        - POSTS posts, 1 file:  postlint check posts.txt
#        - POSTS posts, N files: postlint check DIR/
#      and prints each median, with MB/s and posts/s for the large runs;
#   4. measures the peak RSS of the one-post run with /usr/bin/time -v
#      (median and largest of 5 runs);
#   5. if the binary checks files in parallel with rayon (it then honours
#      RAYON_NUM_THREADS), times the POSTS-file run with RAYON_NUM_THREADS=1
#      against the default thread count, and says so when it does not.
#
# The single-file and one-post runs are single-threaded whatever the binary
# does (rayon parallelises over files). Every run uses --fail-on never so that
# findings do not count as failures; output goes to /dev/null.
#
# Needs hyperfine and GNU time: the script checks for both and, when one is
# missing, says how to install it (apt-get install -y hyperfine time) and
# stops. Set INSTALL=1 to let the script run apt-get itself.
#
# Settings (environment variables):
#   POSTS=10000   posts in the large corpus
#   RUNS=10       hyperfine runs for the large corpus (the one-post run picks
#                 its own count, at least 50)
#   KEEP=1        keep the temporary folder and print its path
#   OUT=FILE      also append the summary to FILE
#
# Each line gives the median wall time and the mean CPU time (user + system),
# which other work on a shared machine disturbs less. Example:
#   10000 posts, one file        median    1.304 s      4.3 MB/s      7668 posts/s  (cpu 1302 ms)
set -euo pipefail

POSTS=${POSTS:-10000}
RUNS=${RUNS:-10}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

need() { # need COMMAND PACKAGE
    if command -v "$1" >/dev/null 2>&1 || [[ -x $1 ]]; then
        return 0
    fi
    if [[ ${INSTALL:-0} == 1 ]]; then
        echo "bench.sh: $1 is missing; installing the Debian package $2" >&2
        apt-get install -y "$2" >&2
    else
        echo "bench.sh: $1 is missing. Install it with: apt-get install -y $2" >&2
        echo "          (or run this script with INSTALL=1 to do that for you)" >&2
        exit 2
    fi
}
need hyperfine hyperfine
need /usr/bin/time time

echo "== building (release)" >&2
# Two builds: built together, the binary would get the features the
# example's dev-dependencies turn on in shared crates (hashbrown's, clap's)
# and would not be the binary `cargo build --release` makes.
cargo build --release --quiet --bin postlint
cargo build --release --quiet --example gen_corpus
bin=$root/target/release/postlint
gen=$root/target/release/examples/gen_corpus

tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-bench.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then
    echo "bench.sh: keeping $tmp" >&2
else
    trap 'rm -rf "$tmp"' EXIT
fi

echo "== generating $POSTS posts in $tmp" >&2
"$gen" --posts "$POSTS" --out "$tmp/one" --one-file
"$gen" --posts "$POSTS" --out "$tmp/many"
one_post=$tmp/many/post-00001.txt
[[ -f $one_post ]] || one_post=$(find "$tmp/many" -name 'post-*.txt' | sort | head -1)
file_bytes=$(wc -c <"$tmp/one/posts.txt")
dir_bytes=$(cat "$tmp"/many/*.txt | wc -c)
post_bytes=$(wc -c <"$one_post")

summary=$tmp/summary.txt
: >"$summary"
say() { printf '%s\n' "$*" | tee -a "$summary"; }

# median_of CSV: the median (seconds) from a hyperfine --export-csv file.
median_of() { awk -F, 'NR == 2 { print $4 }' "$1"; }
# cpu_of CSV: mean user + system CPU time in ms (less sensitive than wall time
# to other work on a shared machine).
cpu_of() { awk -F, 'NR == 2 { printf "cpu %.0f ms", ($5 + $6) * 1000 }' "$1"; }

# time_it NAME CSV HYPERFINE-ARGS... : run hyperfine, keep its CSV.
time_it() {
    local name=$1 csv=$2
    shift 2
    echo "== $name" >&2
    hyperfine --shell=none --output=null --style=basic --export-csv "$csv" "$@" >&2
}

time_it "one post ($post_bytes bytes)" "$tmp/one-post.csv" \
    --warmup 5 --min-runs 50 \
    "$bin check --fail-on never $one_post"
time_it "$POSTS posts, one file" "$tmp/one-file.csv" \
    --warmup 1 --runs "$RUNS" \
    "$bin check --fail-on never $tmp/one/posts.txt"
time_it "$POSTS posts, $POSTS files" "$tmp/many-files.csv" \
    --warmup 1 --runs "$RUNS" \
    "$bin check --fail-on never $tmp/many"

throughput() { # throughput BYTES SECONDS
    awk -v b="$1" -v s="$2" -v n="$POSTS" \
        'BEGIN { printf "%7.1f MB/s  %8.0f posts/s", b / s / 1e6, n / s }'
}

say ""
say "postlint $("$bin" --version 2>/dev/null | awk '{print $2}') whole-process timings ($(nproc) CPUs, hyperfine medians)"
m=$(median_of "$tmp/one-post.csv")
say "$(printf '%-28s median %8.2f ms                             (%s)' "one post ($post_bytes bytes)" \
    "$(awk -v s="$m" 'BEGIN { print s * 1000 }')" "$(cpu_of "$tmp/one-post.csv")")"
m=$(median_of "$tmp/one-file.csv")
say "$(printf '%-28s median %8.3f s  %s  (%s)' "$POSTS posts, one file" "$m" \
    "$(throughput "$file_bytes" "$m")" "$(cpu_of "$tmp/one-file.csv")")"
m=$(median_of "$tmp/many-files.csv")
say "$(printf '%-28s median %8.3f s  %s  (%s)' "$POSTS posts, $POSTS files" "$m" \
    "$(throughput "$dir_bytes" "$m")" "$(cpu_of "$tmp/many-files.csv")")"

# Peak RSS of the one-post run: /usr/bin/time -v reports it in KiB.
rss=()
for _ in 1 2 3 4 5; do
    rss+=("$(/usr/bin/time -v "$bin" check --fail-on never "$one_post" 2>&1 >/dev/null |
        awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }')")
done
sorted=$(printf '%s\n' "${rss[@]}" | sort -n)
say "$(printf '%-28s median %8.1f MB  (largest %.1f MB; /usr/bin/time -v, 5 runs)' \
    "one post, peak RSS" \
    "$(sed -n 3p <<<"$sorted" | awk '{ print $1 / 1024 }')" \
    "$(tail -1 <<<"$sorted" | awk '{ print $1 / 1024 }')")"

# 1 thread against the default: only meaningful if the binary uses rayon,
# which reads RAYON_NUM_THREADS (the name is then in the binary).
if grep -q RAYON_NUM_THREADS "$bin"; then
    time_it "$POSTS files: RAYON_NUM_THREADS=1 vs default" "$tmp/threads.csv" \
        --warmup 1 --runs "$RUNS" \
        -n "1 thread" "env RAYON_NUM_THREADS=1 $bin check --fail-on never $tmp/many" \
        -n "default ($(nproc) CPUs)" "$bin check --fail-on never $tmp/many"
    one=$(awk -F, 'NR == 2 { print $4 }' "$tmp/threads.csv")
    all=$(awk -F, 'NR == 3 { print $4 }' "$tmp/threads.csv")
    say "$(printf '%-28s median %8.3f s' "$POSTS files, 1 thread" "$one")"
    say "$(printf '%-28s median %8.3f s  (%.2fx faster than 1 thread)' \
        "$POSTS files, default" "$all" "$(awk -v a="$one" -v b="$all" 'BEGIN { print a / b }')")"
else
    say "1 thread vs default: skipped: this binary does not use rayon (no RAYON_NUM_THREADS in it), so it is single-threaded either way"
fi

if [[ -n ${OUT:-} ]]; then
    cat "$summary" >>"$OUT"
fi
