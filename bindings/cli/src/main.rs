//! The `smsrules` command (placeholder until the CLI lands).
fn main() {
    print!("{}", smsrules::check_json("{}"));
}
