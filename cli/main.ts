import { Command, Argument as CommanderArgument, CommanderError, Option } from 'commander';
import { COMPONENT_STATUSES } from '../db/types.ts';
import { configFromEnv, createApiClient } from './api-client.ts';
import {
  listOpenIncidents,
  openIncident,
  postUpdate,
  type Result,
  resolveIncident,
  setComponentStatus,
} from './commands.ts';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';

// `candor`: the incident commands a responder needs at 3 a.m., on the admin API.

export interface Io {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now: () => number;
}

const EXIT_CODES_HELP = `
Environment:
  CANDOR_URL    the server's address, e.g. https://status.example.com
  CANDOR_TOKEN  an admin or responder token

Exit codes:
  0  done
  1  the API refused (its problem detail is printed)
  2  usage: bad command line, or CANDOR_URL / CANDOR_TOKEN missing
  3  the API could not be reached`;

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

const jsonOption = () => new Option('--json', 'print the result as JSON (for scripts)');
const componentOption = () =>
  new Option(
    '-c, --component <name=status>',
    `set a component (by name or id); repeatable. Statuses: ${COMPONENT_STATUSES.join(', ')}`,
  ).argParser(collect);
const notifyOption = () => new Option('--no-notify', 'do not email or call subscribers about it');
const messageOption = () => new Option('-m, --message <markdown>', 'the message customers read');

function buildProgram(
  io: Io,
  run: (action: (api: ReturnType<typeof createApiClient>) => Promise<Result>, json: boolean) => Promise<void>,
) {
  const program = new Command('candor')
    .description('Post incident news to a Candor status page from the command line.')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);

  program
    .command('open')
    .description('Open an incident (all of it from a template, or with the fields given)')
    .option('-n, --name <name>', 'the incident name (required unless the template has a title)')
    .addOption(
      new Option('-s, --status <status>', 'first status').choices([
        'investigating',
        'identified',
        'monitoring',
        'resolved',
      ]),
    )
    .addOption(new Option('-i, --impact <impact>', 'impact').choices(['none', 'minor', 'major', 'critical']))
    .addOption(messageOption())
    .option('-t, --template <name-or-id>', 'an incident template filling what is not given')
    .addOption(componentOption())
    .option('--started-at <time>', 'when it really began (ISO-8601), if before now')
    .addOption(notifyOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExample:\n  candor open -t "Database failover"\n  candor open -n "Slow API" -s investigating -i minor -m "Looking into it." -c API=degraded_performance',
    )
    .action((options) => run((api) => openIncident(api, options), options.json));

  program
    .command('update')
    .description('Post an update to an open incident (the status stays unless given)')
    .argument('<incident-id>', 'the incident (inc_…; see candor list)')
    .addOption(
      new Option('-s, --status <status>', 'new status').choices([
        'investigating',
        'identified',
        'monitoring',
        'resolved',
      ]),
    )
    .addOption(messageOption())
    .option('-t, --template <name-or-id>', 'an incident template filling what is not given')
    .addOption(componentOption())
    .addOption(notifyOption())
    .addOption(jsonOption())
    .action((incident: string, options) => run((api) => postUpdate(api, incident, options), options.json));

  program
    .command('resolve')
    .description('Resolve an incident; its components return to operational unless -c says otherwise')
    .argument('<incident-id>', 'the incident (inc_…)')
    .addOption(messageOption().default(undefined, '"This incident has been resolved."'))
    .addOption(componentOption())
    .addOption(notifyOption())
    .addOption(jsonOption())
    .action((incident: string, options) =>
      run((api) => resolveIncident(api, incident, options), options.json),
    );

  program
    .command('component')
    .description("Set a component's status")
    .argument('<component>', 'its name or id')
    .addArgument(new CommanderArgument('<status>', 'the new status').choices(COMPONENT_STATUSES))
    .addOption(jsonOption())
    .action((component: string, status: string, options) =>
      run((api) => setComponentStatus(api, component, status), options.json),
    );

  program
    .command('list')
    .description('Open incidents, with how long until each is due for an update (or how overdue)')
    .addOption(jsonOption())
    .action((options) => run((api) => listOpenIncidents(api, io.now()), options.json));

  return program;
}

/**
 * Text for a terminal: names and messages come from the API, typed by whoever could post, and a
 * C1 control (U+009B is CSI), an escape or a carriage return in them would let that text restyle,
 * rewrite or hide the lines around it. Line feed and tab stay; the rest becomes U+FFFD.
 */
export function forTerminal(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what it removes
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, '\ufffd');
}

/** JSON that says the same, with the characters JSON.stringify leaves raw (C1, DEL) escaped. */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Runs `candor` with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  const wantsJson = argv.includes('--json');
  const run = async (action: (api: ReturnType<typeof createApiClient>) => Promise<Result>, json: boolean) => {
    const result = await action(createApiClient(configFromEnv(io.env)));
    io.stdout(`${json ? jsonForTerminal(result.json) : forTerminal(result.text)}\n`);
  };
  try {
    await buildProgram(io, run).parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end the parse with an "error" too; commander printed the rest.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      io.stderr(
        wantsJson
          ? `${JSON.stringify({ error: { message: error.message, exit_code: error.exitCode, problem: error.problem ?? null } })}\n`
          : `candor: ${forTerminal(error.message)}\n`,
      );
      return error.exitCode;
    }
    throw error;
  }
}
