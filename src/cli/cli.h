/* The tolk command line: one table of subcommands (git.c commands[] style). */
#ifndef TOLK_CLI_H
#define TOLK_CLI_H

int cli_main(int argc, char **argv);

#endif
