//! `edict completions` and `edict man`: generated from the clap definitions,
//! so they cannot fall out of step with the commands.

use super::io::usage;
use super::{Cli, EXIT_OK};
use clap::CommandFactory;

/// Prints the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> u8 {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "edict", &mut script);
    write(&script)
}

/// Prints the manual page: edict(1), with every command's options and
/// examples in its own section.
pub fn man() -> u8 {
    let command = Cli::command();
    let mut page = Vec::new();
    if let Err(e) = clap_mangen::Man::new(command.clone()).render(&mut page) {
        return usage(&format!("cannot render the manual page: {e}"));
    }
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("edict {}", sub.get_name());
        let sub = sub.clone().display_name(name.clone()).bin_name(name);
        let man = clap_mangen::Man::new(sub);
        let rendered = man
            .render_name_section(&mut page)
            .and_then(|()| man.render_synopsis_section(&mut page))
            .and_then(|()| man.render_description_section(&mut page))
            .and_then(|()| man.render_options_section(&mut page))
            .and_then(|()| man.render_extra_section(&mut page));
        if let Err(e) = rendered {
            return usage(&format!("cannot render the manual page: {e}"));
        }
    }
    write(&page)
}

fn write(bytes: &[u8]) -> u8 {
    super::out::status(super::out::stdout(&[bytes]), EXIT_OK)
}
