//! The layering of src/: flags become plain settings at the command line and go down from there.
//! Only src/main.rs and src/cli.rs name the command-line module; only they and src/cmd/ name
//! clap; the library below never reaches up into `cmd`; and no command calls another command.

use std::path::{Path, PathBuf};

use regex::Regex;

/// Every .rs file under `dir`, as (path relative to the crate, text).
fn sources(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            sources(root, &p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&p).unwrap()));
        }
    }
}

/// The code of a file without its `//` comments (a comment may say "clap").
fn code(text: &str) -> String {
    text.lines()
        .map(|l| l.split_once("//").map_or(l, |(c, _)| c))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The command a file belongs to: `src/cmd/NAME.rs` or `src/cmd/NAME/...` gives NAME.
fn command_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("src/cmd/")?;
    let name = rest.split('/').next()?.trim_end_matches(".rs");
    (name != "mod").then_some(name)
}

/// What breaks the layering in `files`, one line per finding.
fn violations(files: &[(String, String)]) -> Vec<String> {
    let commands: Vec<&str> = files.iter().filter_map(|(p, _)| command_of(p)).collect();
    let clap = Regex::new(r"\bclap\b").unwrap();
    let cli = Regex::new(r"\b(crate|crisisdb|super)::cli\b").unwrap();
    let up = Regex::new(r"\b(crate|crisisdb)::cmd\b").unwrap();
    let mut found = Vec::new();
    for (path, text) in files {
        let code = code(text);
        let top = path == "src/main.rs" || path == "src/cli.rs";
        let in_cmd = path.starts_with("src/cmd/");
        if !top && cli.is_match(&code) {
            found.push(format!("{path} uses the command-line module"));
        }
        if !top && !in_cmd && clap.is_match(&code) {
            found.push(format!("{path} names clap"));
        }
        if !top && !in_cmd && up.is_match(&code) {
            found.push(format!("{path} reaches up into cmd"));
        }
        // in src/cmd/NAME.rs `super::` is `cmd`; a file in src/cmd/NAME/ reaches `cmd` as
        // `super::super::` (its own `super::` is the command itself)
        if let Some(own) = command_of(path) {
            let depth = path.matches('/').count() - 1;
            let sibling = Regex::new(&format!(r"\b(?:cmd::|(?:super::){{{depth}}})(\w+)")).unwrap();
            for c in sibling.captures_iter(&code) {
                let other = &c[1];
                if other != own && commands.contains(&other) {
                    found.push(format!("{path} calls the {other} command"));
                }
            }
        }
    }
    found
}

#[test]
fn no_module_below_the_command_line_sees_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(root, &root.join("src"), &mut files);
    // the scan reads the real tree: the command line is there and names clap
    let cli = files.iter().find(|(p, _)| p == "src/cli.rs").unwrap();
    assert!(cli.1.contains("clap::"), "src/cli.rs without clap?");
    assert!(
        files
            .iter()
            .any(|(p, _)| p == "src/output/mod.rs" || p == "src/output.rs")
    );
    assert_eq!(violations(&files), Vec::<String>::new());
}

#[test]
fn the_layering_check_finds_each_kind_of_breach() {
    let f = |p: &str, t: &str| (p.to_string(), t.to_string());
    let files = vec![
        f("src/cli.rs", "use clap::Parser;\nuse crate::cmd;"),
        f("src/main.rs", "crisisdb::cli::Cli::parse().run()"),
        f(
            "src/cmd/mod.rs",
            "#[derive(clap::Args)] pub struct OutputFlags;",
        ),
        f(
            "src/cmd/sql.rs",
            "use crate::query;\nsuper::open_for_query(ctx)",
        ),
        f("src/cmd/run.rs", "super::sql::interrupted(e)"),
        f("src/cmd/search.rs", "crate::cmd::run::run(args, ctx)"),
        f("src/cmd/report.rs", "mod data;\nuse crate::cli::Global;"),
        f(
            "src/cmd/report/data.rs",
            "use super::Lanes;\nsuper::super::sql::x()",
        ),
        f(
            "src/output/mod.rs",
            "// not clap: a comment\n#[derive(clap::ValueEnum)]",
        ),
        f("src/export.rs", "use crate::cmd::OutputFlags;"),
    ];
    assert_eq!(
        violations(&files),
        vec![
            "src/cmd/run.rs calls the sql command",
            "src/cmd/search.rs calls the run command",
            "src/cmd/report.rs uses the command-line module",
            "src/cmd/report/data.rs calls the sql command",
            "src/output/mod.rs names clap",
            "src/export.rs reaches up into cmd",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>()
    );
}
