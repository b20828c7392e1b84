//! `phone-gen <PhoneNumberMetadata.xml> <tables.rs>`: writes the tables.
//! `phone-gen --check <xml> <tables.rs>`: fails if the committed tables are stale.
//! `phone-gen --json <xml>`: prints the extracted metadata as JSON.

use std::process::ExitCode;

fn run(args: &[String]) -> Result<(), String> {
    let read = |path: &str| std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"));
    match args {
        [flag, xml] if flag == "--json" => {
            println!("{}", phone_gen::metadata_json(&read(xml)?)?);
            Ok(())
        }
        [flag, xml, out] if flag == "--check" => {
            let generated = phone_gen::generate(&read(xml)?)?;
            if read(out)? == generated.tables_rs {
                eprintln!("{out} is up to date");
                Ok(())
            } else {
                Err(format!("{out} is stale: regenerate it"))
            }
        }
        [xml, out] => {
            let generated = phone_gen::generate(&read(xml)?)?;
            std::fs::write(out, &generated.tables_rs).map_err(|e| format!("{out}: {e}"))?;
            eprintln!(
                "wrote {out}: {} nodes (from {} product states), {} bytes of source",
                generated.nodes,
                generated.explored,
                generated.tables_rs.len()
            );
            Ok(())
        }
        _ => Err("usage: phone-gen <xml> <tables.rs> | --check <xml> <tables.rs> | --json <xml>".into()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("phone-gen: {message}");
            ExitCode::FAILURE
        }
    }
}
