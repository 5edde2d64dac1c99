use clap::Parser;

fn main() {
    let cli = copydesk::cli::Cli::parse();
    std::process::exit(copydesk::cli::run(cli));
}
