//! Spreadsheets, opened by the real programs: LibreOffice (headless) and openpyxl. A cell is
//! compared as the spreadsheet shows it (text exactly, numbers as numbers, dates as dates),
//! never after a numeric "close enough". A missing program skips with a note, and fails under
//! CI (`.ci/run` installs LibreOffice and openpyxl).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value as Json;

use crate::util::{Run, Workdir, parse_csv, require_program};

/// Prints a workbook as JSON: per sheet its name, frozen cell, column widths and every cell
/// with its cached value, openpyxl's type, whether it is a date and whether it wraps.
const DUMP: &str = r#"
import json, sys, datetime, openpyxl
book = openpyxl.load_workbook(sys.argv[1], data_only=True)
out = []
for ws in book.worksheets:
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            v = c.value
            if isinstance(v, (datetime.datetime, datetime.date)):
                v = v.isoformat()[:10]
            cells.append({"v": v, "t": c.data_type, "date": c.is_date,
                          "wrap": bool(c.alignment.wrap_text), "bold": bool(c.font.bold)})
        rows.append(cells)
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    out.append({"name": ws.title, "freeze": ws.freeze_panes, "widths": widths, "rows": rows})
print(json.dumps(out))
"#;

/// A Python that has openpyxl: the project's `.venv` (made by `.ci/run`), else `python3`.
fn python() -> Option<PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    let candidates = [Some(local), require_program("python3")];
    let found = candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .args(["-c", "import openpyxl"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("openpyxl is not installed; .ci/run installs it");
        }
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: openpyxl is not installed (CI installs it; see .ci/run)"
        );
    }
    found
}

/// The sheets of the workbook at `path`, as openpyxl reads them.
fn sheets(python: &Path, path: &Path) -> Vec<Json> {
    let mut c = Command::new(python);
    c.args(["-c", DUMP]).arg(path);
    serde_json::from_str::<Json>(&Run::of(c, None).ok())
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The cells of a dumped sheet.
fn cells(sheet: &Json) -> Vec<Vec<Json>> {
    sheet["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap().clone())
        .collect()
}

/// Converts each of `files` (in the workdir) with LibreOffice into `outdir`, to `to`. A CSV
/// is read as UTF-8, comma-separated, with LibreOffice's defaults for everything else.
fn soffice(soffice: &Path, w: &Workdir, to: &str, outdir: &str, files: &[&str]) {
    let profile = format!("file://{}", w.path("lo-profile").display());
    let mut convert = Command::new(soffice);
    convert
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            to,
        ])
        .args(["--outdir", outdir])
        .args(files)
        .current_dir(w.dir.path());
    Run::of(convert, None).ok();
}

/// LibreOffice's "Text CSV" export with "save cell contents as shown": each cell's displayed
/// text, UTF-8, every text cell quoted.
const AS_SHOWN: &str = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true";

/// A table of text a spreadsheet would turn into something else, with a column name that is
/// a formula, next to real numbers that must stay numbers.
fn tricky_sql() -> String {
    let texts = [
        "'@petrogustavo'",
        "'-2'",
        "'=1+1'",
        "'1e5'",
        "'5e-3'",
        "'false'",
        "'TRUE'",
        "'Mar 5'",
        "'Jan 2025'",
        "'10:30 AM'",
        "'007'",
        "'63,000'",
        "'2025-10-19'",
        "'+1'",
        "char(9) || 'tab-leading'",
        "'''quoted'",
        "'say \"hi\", twice'",
        "'- one' || char(10) || '- two'",
        "'1/2'",
        "'#N/A'",
        "'=HYPERLINK(\"http://x\")'",
        "'12345678901234567890'",
        "'plain text'",
        "''",
        "NULL",
        "'-' || printf('%.300c', '9')",
    ];
    let numbers = ["-2", "3", "0", "2.5", "-0.5", "-1234567", "1000000"];
    let rows: Vec<String> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| format!("({t}, {})", numbers[i % numbers.len()]))
        .collect();
    format!(
        "select column1 as \"=1+1\", column2 as \"@n\" from (values {})",
        rows.join(", ")
    )
}

#[test]
fn the_excel_csv_shows_every_cell_as_its_exact_text_in_libreoffice() {
    let Some(lo) = require_program("soffice") else {
        return;
    };
    let w = Workdir::new().built();
    let sql = tricky_sql();
    w.run(&["sql", &sql, "--excel", "--output", "tricky.csv"])
        .ok();
    soffice(&lo, &w, AS_SHOWN, "shown", &["tricky.csv"]);
    let shown = parse_csv(&fs::read_to_string(w.path("shown/tricky.csv")).unwrap());
    // the byte-faithful CSV of the same rows is the text each cell must show
    let expected = w.csv(&sql);
    assert_eq!(shown.len(), expected.len());
    for (s, e) in shown.iter().zip(&expected) {
        assert_eq!(s, e, "LibreOffice shows {s:?} for {e:?}");
    }

    // and the types behind what is shown: the text column is text, the numbers numbers
    let Some(py) = python() else { return };
    soffice(&lo, &w, "xlsx", "typed", &["tricky.csv"]);
    let sheet = &sheets(&py, &w.path("typed/tricky.xlsx"))[0];
    for (row, e) in cells(sheet).iter().zip(&expected).skip(1) {
        if e[0].is_empty() {
            assert_eq!(row[0]["v"], Json::Null, "{e:?}");
        } else {
            assert_eq!(row[0]["t"], "s", "{e:?} is not text: {:?}", row[0]);
            assert_eq!(row[0]["v"], e[0].as_str());
        }
        assert_eq!(row[1]["t"], "n", "{e:?}: {:?}", row[1]);
        assert_eq!(row[1]["v"].as_f64(), e[1].parse::<f64>().ok());
    }
}

/// Compares a spreadsheet's cell with the database's value (from `--format json`): text
/// exactly, numbers as numbers; NULL and empty text are both an empty cell.
fn assert_cell(what: &str, cell: &Json, db: &Json) {
    match db {
        Json::Null => assert_eq!(cell["v"], Json::Null, "{what}"),
        Json::String(s) if s.is_empty() => assert_eq!(cell["v"], Json::Null, "{what}"),
        Json::String(s) => {
            assert_eq!(cell["t"], "s", "{what}: {s:?} is not text: {cell}");
            assert_eq!(cell["v"].as_str(), Some(s.as_str()), "{what}");
        }
        Json::Number(n) => {
            assert_eq!(cell["t"], "n", "{what}: {n} is not a number: {cell}");
            assert_eq!(cell["v"].as_f64(), n.as_f64(), "{what}");
        }
        other => panic!("{what}: unexpected {other}"),
    }
}

#[test]
fn a_spreadsheet_reads_the_excel_csv_as_the_database_holds_it() {
    let Some(lo) = require_program("soffice") else {
        return;
    };
    let Some(py) = python() else { return };
    let w = Workdir::new().built();
    // tricky cells next to real rows: a formula, a sign, a leading zero, a long id, quotes
    w.change(
        "insert into countries values ('ZZA', '=1+1'), ('ZZB', '-2'), ('ZZC', '007'), ('ZZD', '12345678901234567890'), ('ZZE', 'Bogotá “quoted”, with comma'), ('ZZF', '@petrogustavo'), ('ZZG', 'Mar 5')",
    );
    let tables = ["countries", "actors", "figures", "quotes", "events", "aid"];
    let files: Vec<String> = tables.iter().map(|t| format!("{t}.csv")).collect();
    for (table, file) in tables.iter().zip(&files) {
        let sql = format!("select * from {table} order by 1");
        w.run(&["sql", &sql, "--excel", "--output", file]).ok();
    }
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    soffice(&lo, &w, "xlsx", "lo", &names);
    for table in tables {
        let sql = format!("select * from {table} order by 1");
        let db: Vec<serde_json::Map<String, Json>> =
            serde_json::from_str(&w.run(&["sql", &sql, "--format", "json"]).ok()).unwrap();
        let header = &w.csv(&sql)[0];
        let sheet = &sheets(&py, &w.path(&format!("lo/{table}.xlsx")))[0];
        let rows = cells(sheet);
        assert_eq!(rows.len(), db.len() + 1, "{table}");
        for (cell, name) in rows[0].iter().zip(header) {
            assert_eq!(cell["v"].as_str(), Some(name.as_str()), "{table}");
        }
        for (i, (row, record)) in rows[1..].iter().zip(&db).enumerate() {
            for (j, name) in header.iter().enumerate() {
                let empty = json_null();
                let cell = row.get(j).unwrap_or(&empty);
                assert_cell(
                    &format!("{table} row {} {name}", i + 1),
                    cell,
                    &record[name],
                );
            }
        }
    }
}

fn json_null() -> Json {
    serde_json::json!({"v": null})
}

#[test]
fn xlsx_output_has_typed_cells_a_frozen_header_and_fitted_widths() {
    let Some(py) = python() else { return };
    let w = Workdir::new().built();
    let long = "The excerpt runs on well past the width of any sensible column, so it wraps.";
    let sql = format!(
        "select column1 as text, column2 as n, column3 as day, column4 as excerpt from (values \
         ('=1+1', 1, '2025-10-19', '{long}'), ('007', -2.5, '2026-01-02', 'short'), \
         ('false', 12345678901234567, '1999-12-31', NULL), ('2025-10-19', 0, NULL, '-2'))"
    );
    w.run(&["sql", &sql, "--format", "xlsx", "--output", "t.xlsx"])
        .ok();
    let book = sheets(&py, &w.path("t.xlsx"));
    assert_eq!(book.len(), 1);
    let sheet = &book[0];
    assert_eq!(sheet["freeze"], "A2");
    let rows = cells(sheet);
    let header: Vec<&str> = rows[0].iter().map(|c| c["v"].as_str().unwrap()).collect();
    assert_eq!(header, ["text", "n", "day", "excerpt"]);
    assert!(rows[0].iter().all(|c| c["bold"] == true));
    // text as text, exactly, whatever it looks like
    let texts: Vec<&Json> = rows[1..].iter().map(|r| &r[0]).collect();
    for (cell, want) in texts.iter().zip(["=1+1", "007", "false", "2025-10-19"]) {
        assert_eq!(cell["t"], "s", "{cell}");
        assert_eq!(cell["v"], want);
    }
    // numbers as numbers; past 15 digits the exact digits as text
    assert_eq!(rows[1][1]["v"], 1);
    assert_eq!(rows[2][1]["v"], -2.5);
    assert_eq!(rows[3][1]["t"], "s");
    assert_eq!(rows[3][1]["v"], "12345678901234567");
    // a column of ISO days is a column of dates
    for (row, day) in rows[1..4]
        .iter()
        .zip(["2025-10-19", "2026-01-02", "1999-12-31"])
    {
        assert_eq!(row[2]["date"], true, "{row:?}");
        assert_eq!(row[2]["v"], day);
    }
    // long text wraps; widths fit the data and stop at a cap
    assert_eq!(rows[1][3]["wrap"], true);
    assert_eq!(rows[2][3]["wrap"], false);
    let width = |c: &str| sheet["widths"][c].as_f64().unwrap_or(0.0);
    assert!((10.0..=14.0).contains(&width("C")), "{}", sheet["widths"]);
    assert!((55.0..=62.0).contains(&width("D")), "{}", sheet["widths"]);

    // LibreOffice shows every cell as the database's text (dates as YYYY-MM-DD)
    let Some(lo) = require_program("soffice") else {
        return;
    };
    soffice(&lo, &w, AS_SHOWN, "shown", &["t.xlsx"]);
    let shown = parse_csv(&fs::read_to_string(w.path("shown/t.csv")).unwrap());
    assert_eq!(shown, w.csv(&sql));
    // and keeps the types: saved again by LibreOffice, the cells are what crisisdb wrote
    soffice(&lo, &w, "xlsx", "resaved", &["t.xlsx"]);
    let again = cells(&sheets(&py, &w.path("resaved/t.xlsx"))[0]);
    let kinds = |rows: &[Vec<Json>]| -> Vec<Vec<(Json, Json, Json)>> {
        rows.iter()
            .map(|r| {
                r.iter()
                    .map(|c| (c["v"].clone(), c["t"].clone(), c["date"].clone()))
                    .collect()
            })
            .collect()
    };
    assert_eq!(kinds(&again), kinds(&rows));
}

#[test]
fn a_canned_query_as_xlsx_keeps_every_row_and_types_its_dates() {
    let Some(py) = python() else { return };
    let w = Workdir::new().built();
    w.run(&["run", "timeline", "--format", "xlsx", "-o", "timeline.xlsx"])
        .ok();
    let csv = parse_csv(&w.run(&["run", "timeline", "--format", "csv"]).ok());
    let sheet = &sheets(&py, &w.path("timeline.xlsx"))[0];
    let rows = cells(sheet);
    assert_eq!(rows.len(), csv.len());
    let start = csv[0].iter().position(|c| c == "start_date").unwrap();
    let mut dates = 0;
    for (row, text) in rows[1..].iter().zip(&csv[1..]) {
        let cell = &row[start];
        // an ISO day from 1900 on is a date cell; earlier ones cannot be, and stay text
        let want_date = text[start].len() == 10 && text[start].as_str() >= "1900-01-01";
        assert_eq!(cell["date"], want_date, "{cell} for {:?}", text[start]);
        let shown = cell["v"].as_str().unwrap_or("");
        assert_eq!(shown, text[start], "{cell}");
        dates += usize::from(want_date);
    }
    assert!(dates > 100, "{dates}");
}

#[test]
fn xlsx_is_refused_on_a_pipe_and_written_to_a_redirected_file() {
    let w = Workdir::new().built();
    let run = w.run(&["sql", "select 1", "--format", "xlsx"]);
    run.fails(2, &["--format xlsx", "--output FILE.xlsx"]);
    assert!(run.out.stdout.is_empty());
    // `> out.xlsx` is a file: that is where a workbook may go
    let file = fs::File::create(w.path("out.xlsx")).unwrap();
    let status = w
        .command(&["sql", "select 1", "--format", "xlsx"])
        .stdout(file)
        .status()
        .unwrap();
    assert!(status.success());
    assert!(w.read("out.xlsx").starts_with(b"PK\x03\x04"));
    // --output FILE.xlsx alone asks for a workbook; any other name still gets CSV
    w.run(&["sql", "select 1 as n", "--output", "named.xlsx"])
        .ok();
    assert!(w.read("named.xlsx").starts_with(b"PK\x03\x04"));
    w.run(&["sql", "select 1 as n", "--output", "named.csv"])
        .ok();
    assert_eq!(w.read("named.csv"), b"n\n1\n");
}

#[test]
fn the_bundle_workbook_has_a_column_sheet_and_a_sheet_per_table_and_view() {
    let Some(py) = python() else { return };
    let w = Workdir::new().built();
    w.run(&["export", "bundle"]).ok();
    let package: Json = serde_json::from_slice(&w.read("bundle/datapackage.json")).unwrap();
    let manifest: Json = serde_json::from_slice(&w.read("bundle/manifest.json")).unwrap();
    assert!(manifest["files"]["crisisdb.xlsx"].is_string());
    let resources = package["resources"].as_array().unwrap();
    let book = sheets(&py, &w.path("bundle/crisisdb.xlsx"));
    let names: Vec<&str> = book.iter().map(|s| s["name"].as_str().unwrap()).collect();
    let mut want = vec!["columns"];
    want.extend(resources.iter().map(|r| r["name"].as_str().unwrap()));
    assert_eq!(names, want);
    // every column of every table and view the Data Package lists, in its order, with the
    // meaning schema_docs gives it
    let described: Vec<(String, String, String)> = cells(&book[0])[1..]
        .iter()
        .map(|r| {
            let s = |i: usize| r[i]["v"].as_str().unwrap_or("").to_string();
            (s(0), s(3), s(7))
        })
        .collect();
    let fields: Vec<(String, String)> = resources
        .iter()
        .flat_map(|r| {
            r["schema"]["fields"].as_array().unwrap().iter().map(|f| {
                (
                    r["name"].as_str().unwrap().to_string(),
                    f["name"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect();
    let pairs: Vec<(String, String)> = described
        .iter()
        .map(|(t, c, _)| (t.clone(), c.clone()))
        .collect();
    assert_eq!(pairs, fields);
    let docs: std::collections::HashMap<(String, String), String> = w.csv(
        "select table_name, column_name, description from schema_docs where column_name != ''",
    )[1..]
        .iter()
        .map(|r| ((r[0].clone(), r[1].clone()), r[2].clone()))
        .collect();
    for (t, c, d) in &described {
        let want = docs.get(&(t.clone(), c.clone())).map_or("", String::as_str);
        assert_eq!(d, want, "{t}.{c}");
    }
    assert!(described.iter().filter(|(_, _, d)| !d.is_empty()).count() > 150);
    // each sheet holds the rows of its CSV
    for (sheet, r) in book[1..].iter().zip(resources) {
        let path = r["path"].as_str().unwrap();
        let csv = parse_csv(&String::from_utf8(w.read(&format!("bundle/{path}"))).unwrap());
        let rows = cells(sheet);
        assert_eq!(rows.len(), csv.len(), "{path}");
        assert_eq!(manifest["rows"][path], (rows.len() - 1) as u64, "{path}");
        assert_eq!(sheet["freeze"], "A2", "{path}");
    }
    // and LibreOffice opens it: saved again by LibreOffice it has the same sheets and rows
    let Some(lo) = require_program("soffice") else {
        return;
    };
    soffice(&lo, &w, "xlsx", "resaved", &["bundle/crisisdb.xlsx"]);
    let resaved = sheets(&py, &w.path("resaved/crisisdb.xlsx"));
    let counts = |b: &[Json]| -> Vec<(String, usize)> {
        b.iter()
            .map(|s| (s["name"].as_str().unwrap().to_string(), cells(s).len()))
            .collect()
    };
    assert_eq!(counts(&resaved), counts(&book));
}

#[test]
fn the_bundle_workbook_cuts_a_text_too_long_for_a_cell_and_says_where_it_is_whole() {
    // a large seed folder's build_info lists thousands of files' digests in one value; the
    // export succeeds, and the CSV holds the value whole
    let w = Workdir::new().built();
    w.run(&[
        "sql",
        "update build_info set value = printf('%.40000c', 'x') where key = 'seeds_origin'",
        "--write",
    ])
    .ok();
    w.run(&["export", "bundle"]).ok();
    let csv = parse_csv(&String::from_utf8(w.read("bundle/tables/build_info.csv")).unwrap());
    let at = csv.iter().position(|r| r[0] == "seeds_origin").unwrap();
    assert_eq!(csv[at][1], "x".repeat(40_000));
    let Some(py) = python() else { return };
    let book = sheets(&py, &w.path("bundle/crisisdb.xlsx"));
    let sheet = book.iter().find(|s| s["name"] == "build_info").unwrap();
    let cell = cells(sheet)[at][1]["v"].as_str().unwrap().to_string();
    let note = " … [cut: 40000 characters in all; the whole text is in tables/build_info.csv]";
    assert_eq!(cell.chars().count(), 32_767);
    assert_eq!(
        cell,
        "x".repeat(32_767 - note.chars().count()) + note,
        "the cell holds the text's beginning and says where the rest is"
    );
}
