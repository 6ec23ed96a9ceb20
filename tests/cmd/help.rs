//! Help is documentation: every subcommand has help with examples and is in the README.

use crate::util::Workdir;

pub(super) fn subcommands() -> Vec<String> {
    let help = Workdir::new().run(&["--help"]).ok();
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .filter(|c| c != "help")
        .collect()
}

#[test]
fn every_subcommand_has_help_with_examples_and_is_in_the_readme() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let cmds = subcommands();
    assert!(cmds.len() >= 7, "{cmds:?}");
    for c in cmds {
        let help = Workdir::new().run(&[c.as_str(), "--help"]).ok();
        assert!(help.contains("$ crisisdb"), "{c} --help has no example");
        assert!(
            readme.contains(&format!("crisisdb {c}")),
            "README does not show {c}"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let w = Workdir::new();
    assert_eq!(w.run(&["frobnicate"]).code(), Some(2));
    assert_eq!(
        w.run(&["sql", "--format", "xml", "select 1"]).code(),
        Some(2)
    );
}
