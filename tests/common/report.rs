//! Reading `postlint check --format json` reports in tests.

use serde_json::Value;

/// The reported files' paths, in report order.
pub fn paths(report: &Value) -> Vec<&str> {
    files(report)
        .iter()
        .map(|f| f["path"].as_str().expect("`path` is a string"))
        .collect()
}

/// Every diagnostic of every reported file, in report order.
pub fn diagnostics(report: &Value) -> Vec<&Value> {
    files(report)
        .iter()
        .flat_map(|f| {
            f["diagnostics"]
                .as_array()
                .expect("`diagnostics` is an array")
        })
        .collect()
}

fn files(report: &Value) -> &[Value] {
    report["files"].as_array().expect("`files` is an array")
}
