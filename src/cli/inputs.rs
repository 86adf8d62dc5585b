//! Turning `check` arguments into a list of inputs.
//!
//! * `-` is standard input.
//! * A file is checked whatever its extension.
//! * A folder is walked (ripgrep's walker: hidden files and `.gitignore`d paths
//!   are skipped, symlink loops cannot occur) for drafts with a known extension.
//! * An argument that does not exist but contains `*`, `?` or `[` is a glob: its
//!   literal leading folder is walked and files are matched against it (`*`
//!   stays within one folder; use `**` to cross folders).
//! * Anything else is reported as missing; the other inputs are still checked.
//!
//! Files from each folder or glob are sorted so output is stable.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use globset::GlobBuilder;
use postlint::draft::DraftKind;

/// One thing to check.
#[derive(Debug, PartialEq, Eq)]
pub enum Input {
    /// Standard input.
    Stdin,
    /// A file; `walked` when it was found in a folder or by a glob rather than named.
    File { path: PathBuf, walked: bool },
    /// An argument that could not be used, and why.
    Missing(String, String),
}

impl Input {
    /// Where the input is, for finding its configuration (`None` for stdin:
    /// the current folder applies).
    pub fn location(&self) -> Option<&Path> {
        match self {
            Input::File { path, .. } => Some(path),
            Input::Stdin | Input::Missing(..) => None,
        }
    }
}

/// Expand `args` into inputs, in argument order.
pub fn expand(args: &[String]) -> Vec<Input> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |input: Input, out: &mut Vec<Input>| {
        if let Input::File { path, .. } = &input
            && !seen.insert(path.clone())
        {
            return;
        }
        out.push(input);
    };
    for arg in args {
        if arg == "-" {
            push(Input::Stdin, &mut out);
            continue;
        }
        let path = Path::new(arg);
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                for file in walk(path, has_draft_extension) {
                    push(
                        Input::File {
                            path: file,
                            walked: true,
                        },
                        &mut out,
                    );
                }
            }
            Ok(_) => push(
                Input::File {
                    path: path.to_owned(),
                    walked: false,
                },
                &mut out,
            ),
            Err(_) if is_glob(arg) => match glob(arg) {
                Ok(files) if files.is_empty() => push(
                    Input::Missing(arg.clone(), "no files match this pattern".into()),
                    &mut out,
                ),
                Ok(files) => files.into_iter().for_each(|f| {
                    push(
                        Input::File {
                            path: f,
                            walked: true,
                        },
                        &mut out,
                    )
                }),
                Err(e) => push(Input::Missing(arg.clone(), e), &mut out),
            },
            Err(e) => push(Input::Missing(arg.clone(), describe_io(&e)), &mut out),
        }
    }
    out
}

/// Whether `path` has the extension of a draft format postlint reads.
pub fn has_draft_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        DraftKind::EXTENSIONS
            .iter()
            .any(|d| d.eq_ignore_ascii_case(e))
    })
}

fn is_glob(arg: &str) -> bool {
    arg.contains(['*', '?', '['])
}

/// Files under `root` accepted by `keep`, sorted.
fn walk(root: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(ignore::DirEntry::into_path)
        .filter(|p| keep(p))
        .collect();
    files.sort();
    files
}

fn glob(pattern: &str) -> Result<Vec<PathBuf>, String> {
    let matcher = GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| format!("invalid glob: {}", e.kind()))?
        .compile_matcher();
    // Walk from the longest leading part that has no glob characters.
    let mut base = PathBuf::new();
    for component in Path::new(pattern).components() {
        if is_glob(&component.as_os_str().to_string_lossy()) {
            break;
        }
        base.push(component);
    }
    let root = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    };
    let strip_dot = !pattern.starts_with("./");
    Ok(walk(&root, |p| {
        let shown = if strip_dot {
            p.strip_prefix("./").unwrap_or(p)
        } else {
            p
        };
        matcher.is_match(shown)
    }))
}

/// A short, plain description of an I/O error for a path.
pub fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => format!("cannot read: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_folders_globs_and_reports_missing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        for name in [
            "b.txt",
            "a.md",
            "notes.docx",
            "sub/c.tweet",
            ".hidden.txt",
            "photo.png",
        ] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        let r = root.display().to_string();
        let inputs = expand(&[
            r.clone(),
            format!("{r}/*.txt"),
            format!("{r}/nope.txt"),
            "-".into(),
        ]);
        let files: Vec<String> = inputs
            .iter()
            .filter_map(|i| match i {
                Input::File { path, .. } => {
                    Some(path.strip_prefix(root).unwrap().display().to_string())
                }
                _ => None,
            })
            .collect();
        // The glob's match (b.txt) was already listed from the folder walk.
        assert_eq!(files, ["a.md", "b.txt", "sub/c.tweet"]);
        assert!(matches!(&inputs[3], Input::Missing(_, why) if why == "no such file or folder"));
        assert_eq!(inputs[4], Input::Stdin);
    }

    #[test]
    fn glob_star_stays_in_one_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("top.txt"), "x").unwrap();
        std::fs::write(root.join("sub/deep.txt"), "x").unwrap();
        let r = root.display();
        assert_eq!(expand(&[format!("{r}/*.txt")]).len(), 1);
        assert_eq!(expand(&[format!("{r}/**/*.txt")]).len(), 2);
        assert!(matches!(
            &expand(&[format!("{r}/*.csv")])[0],
            Input::Missing(..)
        ));
    }
}
