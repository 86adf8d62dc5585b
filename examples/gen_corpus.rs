//! Write the deterministic benchmark corpus to disk.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --posts 10000 --out /tmp/corpus
//! cargo run --release --example gen_corpus -- --posts 10000 --out /tmp/corpus --one-file
//! ```
//!
//! Without `--one-file`, each post is written to its own file
//! `DIR/post-00001.txt`, `DIR/post-00002.txt`, ...; with it, all posts go into
//! `DIR/posts.txt`, separated by lines holding only `---` (the `.txt` thread
//! format postlint reads, so each post is linted on its own). `--seed N`
//! changes the seed (default: the one the benchmarks use). A summary goes to
//! standard error. The posts are the ones `benches/` measures, from the same
//! code (`benches/common/corpus.rs`).

#[path = "../benches/common/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_corpus --posts N --out DIR [--one-file] [--seed N]";

struct Args {
    posts: usize,
    out: PathBuf,
    one_file: bool,
    seed: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut posts = None;
    let mut out = None;
    let mut one_file = false;
    let mut seed = corpus::DEFAULT_SEED;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--posts" => {
                let v = value("--posts")?;
                posts = Some(
                    v.parse()
                        .map_err(|_| format!("--posts: not a number: {v}"))?,
                );
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            "--one-file" => one_file = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        posts: posts.ok_or("--posts is required")?,
        out: out.ok_or("--out is required")?,
        one_file,
        seed,
    })
}

fn run(args: &Args) -> std::io::Result<()> {
    let posts = corpus::generate(args.posts, args.seed);
    std::fs::create_dir_all(&args.out)?;
    let bytes = if args.one_file {
        let text = corpus::thread_file(&posts);
        std::fs::write(args.out.join("posts.txt"), &text)?;
        text.len()
    } else {
        let width = args.posts.to_string().len().max(5);
        let mut bytes = 0;
        for (i, post) in posts.iter().enumerate() {
            let name = format!("post-{:0width$}.txt", i + 1);
            let mut text = post.text.clone();
            text.push('\n');
            std::fs::write(args.out.join(name), &text)?;
            bytes += text.len();
        }
        bytes
    };
    let breaches = posts.iter().filter(|p| p.breach.is_some()).count();
    eprintln!(
        "gen_corpus: {} posts ({} with a planted breach), {} bytes, {} in {}",
        posts.len(),
        breaches,
        bytes,
        if args.one_file {
            "one file (posts.txt)"
        } else {
            "one file per post"
        },
        args.out.display()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gen_corpus: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: {}: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}
