//! The conventions of a good command line: completions, a man page, --version with the
//! dataset's digest, --quiet, a progress line on a terminal only, NO_COLOR.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::util::{Run, Workdir, parse_csv, require_program};

/// The subcommands, as `crisisdb --help` lists them.
fn subcommands() -> Vec<String> {
    let list = super::help::subcommands();
    assert!(list.len() >= 12, "{list:?}");
    list
}

#[test]
fn completion_scripts_parse_and_name_every_subcommand() {
    let w = Workdir::new();
    let commands = subcommands();
    let bash = w.run(&["completions", "bash"]).ok();
    fs::write(w.path("crisisdb.bash"), &bash).unwrap();
    let mut check = Command::new("bash");
    check.arg("-n").arg(w.path("crisisdb.bash"));
    Run::of(check, None).ok();
    // sourced, the script registers a completion for crisisdb
    let mut source = Command::new("bash");
    source.args([
        "-c",
        &format!(
            "source {} && complete -p crisisdb",
            w.path("crisisdb.bash").display()
        ),
    ]);
    assert!(Run::of(source, None).ok().contains("crisisdb"));
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = w.run(&["completions", shell]).ok();
        for c in &commands {
            assert!(script.contains(c.as_str()), "{shell} completion lacks {c}");
        }
        assert!(script.contains("quiet"), "{shell} completion lacks --quiet");
    }
    w.run(&["completions", "tcsh"]).fails(2, &["tcsh"]);
}

#[test]
fn the_man_page_covers_every_subcommand() {
    let w = Workdir::new();
    let commands = subcommands();
    let page = w.run(&["man"]).ok();
    assert!(
        page.starts_with(".ie") || page.contains(".TH crisisdb 1"),
        "{page}"
    );
    for c in &commands {
        assert!(
            page.contains(&format!("crisisdb\\-{c}(1)")),
            "man page lacks {c}"
        );
    }
    w.run(&["man", "--output", "pages"]).ok();
    for c in &commands {
        let sub = fs::read_to_string(w.path(&format!("pages/crisisdb-{c}.1")))
            .unwrap_or_else(|e| panic!("crisisdb-{c}.1: {e}"));
        assert!(sub.contains(&format!(".TH crisisdb-{c} 1")), "{c}: {sub}");
        assert!(sub.contains("dataset seeds sha256"), "{c}: {sub}");
    }
    // `man` itself can read it, where man is installed
    if let Some(man) = require_program("man") {
        let mut read = Command::new(man);
        read.args(["-l", "pages/crisisdb-sql.1"])
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "100")
            .current_dir(w.dir.path());
        let text = Run::of(read, None).ok();
        assert!(text.contains("--write"), "{text}");
    }
}

#[test]
fn version_names_the_digest_of_the_embedded_seeds() {
    let w = Workdir::new().built();
    let version = w.run(&["--version"]).ok();
    let digest = &parse_csv(
        &w.run(&[
            "sql",
            "select value from build_info where key = 'seeds_sha256'",
            "--format",
            "csv",
        ])
        .ok(),
    )[1][0];
    assert_eq!(digest.len(), 64);
    assert_eq!(
        version.trim(),
        format!(
            "crisisdb {} (dataset seeds sha256 {})",
            env!("CARGO_PKG_VERSION"),
            &digest[..12]
        )
    );
}

#[test]
fn quiet_silences_the_notes_of_every_command_that_reports() {
    let w = Workdir::new();
    let cases: [&[&str]; 5] = [
        &["build"],
        &["migrate"],
        &["export", "bundle", "--force"],
        &["export", "--datasette", "meta.json"],
        &["report", "--output", "r.html"],
    ];
    for args in cases {
        let noisy = w.run(args);
        noisy.ok();
        assert!(
            !noisy.stderr().is_empty(),
            "{args:?} says nothing without --quiet"
        );
        let mut quiet = args.to_vec();
        quiet.push("--quiet");
        let run = w.run(&quiet);
        run.ok();
        assert_eq!(run.stderr(), "", "{quiet:?}");
    }
}

/// A fresh workdir whose crisisdb runs on a pseudo-terminal, under `script`.
struct Terminal {
    script: PathBuf,
    w: Workdir,
}

impl Terminal {
    /// `None` where there is no `script` to run it with (the test then skips).
    fn new() -> Option<Self> {
        let script = require_program("script")?;
        Some(Terminal {
            script,
            w: Workdir::new(),
        })
    }

    /// Runs crisisdb with `args` on the terminal and returns what it wrote there.
    fn run(&self, args: &str, env: &[(&str, &str)]) -> String {
        let line = format!("{} {args}", env!("CARGO_BIN_EXE_crisisdb"));
        let mut c = Command::new(&self.script);
        c.args(["-qec", &line, "/dev/null"])
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env("TERM", "xterm")
            .current_dir(self.w.dir.path());
        for (k, v) in env {
            c.env(k, v);
        }
        Run::of(c, None).ok()
    }
}

#[test]
fn progress_shows_on_a_terminal_only_and_not_with_quiet() {
    let Some(t) = Terminal::new() else { return };
    let tty = t.run("--db a.db build", &[]);
    assert!(tty.contains("\rbuilding a.db ... "), "{tty:?}");
    assert!(tty.contains("built a.db"), "{tty:?}");
    assert_eq!(t.run("--db b.db build --quiet", &[]), "");
    // to a file or pipe: the summary alone, no carriage returns
    let piped = t.w.run_db(&t.w.path("c.db"), &["build"]);
    piped.ok();
    assert!(!piped.stderr().contains('\r'), "{:?}", piped.stderr());
    assert!(piped.stderr().starts_with("built "), "{:?}", piped.stderr());
}

#[test]
fn no_color_turns_off_the_help_colours() {
    let Some(t) = Terminal::new() else { return };
    let coloured = t.run("--help", &[]);
    assert!(coloured.contains("\x1b["), "{coloured:?}");
    let plain = t.run("--help", &[("NO_COLOR", "1")]);
    assert!(!plain.contains("\x1b["), "{plain:?}");
    assert!(plain.contains("Usage: crisisdb"));
}
