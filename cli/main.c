// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - vportctl: options, the command table, `--` chains, --batch, and
 * the one transaction every invocation is.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vportctl.h"
#include "commands.h"
#include "db.h"
#include "plan.h"
#include "rules.h"

#define MAY_EXIST CMD_MAY_EXIST
#define IF_EXISTS CMD_IF_EXISTS

/*
 * The command options: before a command's name (in a -- chain, or in the
 * global position for the first command), or, for the commands whose trailing
 * set names them, among its arguments.
 */
static const struct cmd_option {
	const char *name, *alias;
	unsigned flag;
	bool trailing_only;
} cmd_options[] = {
	{ "--may-exist", NULL, CMD_MAY_EXIST, false },
	{ "--if-exists", NULL, CMD_IF_EXISTS, false },
	{ "--prune", NULL, CMD_PRUNE, false },
	{ "-s", "--statistics", CMD_STATS, true },
	{ NULL }
};

static const struct cmd_option *cmd_option_find(const char *w, bool trailing)
{
	for (const struct cmd_option *o = cmd_options; o->name; o++) {
		if (!strcmp(w, o->name) && (trailing || !o->trailing_only))
			return o;
		if (trailing && o->alias && !strcmp(w, o->alias))
			return o;
	}
	return NULL;
}

/* The option a command takes among its arguments, by name. */
static const char *trailing_name(const struct cmd *cmd)
{
	for (const struct cmd_option *o = cmd_options; o->name; o++)
		if (cmd->trailing & o->flag)
			return o->name;
	return "";
}

const struct cmd commands[] = {
	{ "add-br", cmd_add_br, 1, 3, CMD_WRITE | MAY_EXIST, "BR",
	  "create bridge BR (an internal vport in ovs-system)",
	  "Where:\tBR := 1-15 characters of A-Z a-z 0-9 _ . -, not '.' or '..'\n"
	  "\t--may-exist: no error if BR already exists (its kernel vport is re-created if missing)\n"
	  "ovs-vsctl's fake bridge form, add-br BR PARENT VLAN, is refused: fake (VLAN) bridges\n"
	  "are not supported.\n", 0, 2 },	/* BR or BR PARENT VLAN, as ovs-vsctl */
	{ "del-br", cmd_del_br, 1, 1, CMD_WRITE | IF_EXISTS, "BR",
	  "delete bridge BR with all its ports",
	  "\t--if-exists: no error if BR does not exist\n"
	  "The datapath ovs-system is deleted with the last bridge, unless it still holds\n"
	  "vports vportctl does not manage.\n", 0, 0 },
	{ "list-br", cmd_list_br, 0, 0, 0, "", "print the bridge names, sorted", NULL, 0, 0 },
	{ "br-exists", cmd_br_exists, 1, 1, 0, "BR", "exit 0 if bridge BR exists, 2 if not", NULL, 0, 0 },
	{ "br-to-vlan", cmd_br_to_vlan, 1, 1, 0, "BR",
	  "print the VLAN of BR: 0 (a real bridge; fake bridges are not supported)", NULL, 0, 0 },
	{ "br-to-parent", cmd_br_to_parent, 1, 1, 0, "BR",
	  "print the parent of BR: BR itself (a real bridge)", NULL, 0, 0 },
	{ "add-port", cmd_add_port, 2, -1, CMD_WRITE | MAY_EXIST, "BR PORT [COL[:KEY]=VALUE]...",
	  "add PORT to BR, with interface settings",
	  "Where:\tCOL[:KEY]=VALUE := type=TYPE | options:KEY=VALUE | mtu_request=68-65535\n"
	  "\t\t| dp_port_request=1-65534\n"
	  "\tTYPE := system (default) | internal | vxlan | geneve | gre | patch\n"
	  "\tvxlan, geneve, gre options:\n"
	  "\t  remote_ip=IPv4|IPv6|flow (required, not multicast, not 0.0.0.0 or ::)\n"
	  "\t  local_ip=IPv4|IPv6|flow (same family as remote_ip; flow only with remote_ip=flow)\n"
	  "\t  key, in_key, out_key=0-16777215|flow (gre: 0-4294967295|flow)\n"
	  "\t  dst_port=1-65535 (vxlan 4789, geneve 6081 by default; not gre)\n"
	  "\t  tos=0-252 (a DSCP TOS byte, multiple of 4)|inherit   ttl=1-255|inherit\n"
	  "\t  csum=true|false   df_default=true|false   exts=gbp (vxlan only)\n"
	  "\tpatch options: peer=PORT (not itself; without it the patch is unpaired)\n"
	  "\t--may-exist: no error if PORT is already on BR; the settings given are applied\n"
	  "\t\tto it as by set interface (those not given are left alone)\n"
	  "Example: vportctl add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 options:key=100\n", 0, 0 },
	{ "del-port", cmd_del_port, 1, 2, CMD_WRITE | IF_EXISTS, "[BR] PORT",
	  "delete PORT (from BR)",
	  "\t--if-exists: no error if PORT does not exist\n"
	  "A bridge's own port goes only with del-br.\n", 0, 0 },
	{ "list-ports", cmd_list_ports, 1, 1, 0, "BR", "print the ports of BR, sorted", NULL, 0, 0 },
	{ "list-ifaces", cmd_list_ifaces, 0, 1, 0, "[BR]",
	  "print the interfaces of BR (or of all bridges), sorted", NULL, 0, 0 },
	{ "port-to-br", cmd_port_to_br, 1, 1, 0, "PORT", "print the bridge that holds PORT", NULL, 0, 0 },
	{ "iface-to-br", cmd_iface_to_br, 1, 1, 0, "IFACE",
	  "print the bridge that holds IFACE (a bridge's own interface: the bridge)", NULL, 0, 0 },
	{ "set", cmd_set, 3, -1, CMD_WRITE | IF_EXISTS, "TABLE RECORD COL[:KEY]=VALUE...",
	  "change columns of an interface, port or bridge",
	  "Where:\tTABLE := interface | port | bridge (any case, or a unique prefix)\n"
	  "\tinterface, port: type=TYPE | options:KEY=VALUE | mtu_request=68-65535\n"
	  "\t\t| ofport_request=1-65534 (dp_port_request) as for add-port\n"
	  "\tinterface, port, bridge: external_ids:KEY=VALUE | other_config:KEY=VALUE\n"
	  "\t\t| external_ids={KEY=VALUE, ...} (the whole map); COL:KEY= removes KEY;\n"
	  "\t\ta port's maps are not its interface's; keys 1-255 bytes without\n"
	  "\t\t'=', values at most 1024\n"
	  "\tbridge: fail_mode=standalone (default: vportctl floods the bridge's domain)\n"
	  "\t\t| fail_mode=secure (vportctl installs no flows for it)\n"
	  "\tCOL may be a unique prefix, '-' for '_' (external-ids); VALUE may be\n"
	  "\t\t\"quoted\" with JSON escapes\n"
	  "\t--if-exists: no error if RECORD does not exist\n"
	  "The kernel follows: tunnel backers are created or deleted as needed; the maps\n"
	  "never reach the kernel.\n", 0, 0 },
	{ "get", cmd_get, 3, -1, IF_EXISTS, "TABLE RECORD COL[:KEY]...",
	  "print columns of a record, as ovs-vsctl prints them",
	  "Where:\tCOL := name | type | options | external_ids | other_config | ofport\n"
	  "\t\t| ofport_request | mtu_request | bridge | backer | dp_port | dp_port_request\n"
	  "\t\t(interface, port; a port also has interfaces)\n"
	  "\t\t| name | ports | fail_mode | external_ids | other_config (bridge)\n"
	  "\tStrings are quoted unless they start with a letter and hold only letters,\n"
	  "\tdigits, _ - .; numbers bare; an unset column []; maps {KEY=VALUE, ...}\n"
	  "\t--if-exists: no error if RECORD or a KEY does not exist (an empty line)\n", 0, 0 },
	{ "remove", cmd_remove, 4, -1, CMD_WRITE | IF_EXISTS, "TABLE RECORD COL VALUE...",
	  "remove keys or values from a map or optional column",
	  "Where:\tCOL := external_ids | other_config | options | mtu_request | ofport_request\n"
	  "\t\t| fail_mode (bridge)\n"
	  "\tVALUE := KEY (removes KEY) | KEY=VALUE (only with that value) of a map;\n"
	  "\t\tthe value of an optional column (unsets it)\n"
	  "\t--if-exists: no error if RECORD does not exist\n", 0, 0 },
	{ "clear", cmd_clear, 3, -1, CMD_WRITE | IF_EXISTS, "TABLE RECORD COL...",
	  "empty maps, unset optional columns",
	  "Where:\tCOL := as for remove (fail_mode: back to standalone)\n"
	  "\t--if-exists: no error if RECORD does not exist\n", 0, 0 },
	{ "list", cmd_list, 1, -1, IF_EXISTS | CMD_TABLE, "TABLE [RECORD]...",
	  "print records of a table (all of them: sorted by name)",
	  "Each record as COLUMN : VALUE lines (20 wide), records apart by a blank line;\n"
	  "--columns=COL,... --data=bare --no-heading -f table|json shape it as in ovs-vsctl.\n"
	  "vportctl has no _uuid: records are named by their name.\n"
	  "\t--if-exists: no error if a RECORD does not exist\n", 0, 0 },
	{ "find", cmd_find_rows, 1, -1, CMD_TABLE, "TABLE [COL[:KEY]OP VALUE]...",
	  "print the records that meet every condition, as list",
	  "Where:\tOP := = | != | < | > | <= | >= | {=} | {!=} | {<} | {>} | {<=} | {>=}\n"
	  "\tVALUE := a value as set takes it; [a, b] a set, {k=v, ...} a map\n"
	  "Example: vportctl --data=bare --no-heading --columns=name find interface \\\n"
	  "\t\texternal_ids:container_id=c1\n", 0, 0 },
	{ "br-set-external-id", cmd_br_set_external_id, 2, 3, CMD_WRITE, "BR KEY [VALUE]",
	  "set external_ids:KEY of BR (no VALUE: remove it)", NULL, 0, 0 },
	{ "br-get-external-id", cmd_br_get_external_id, 1, 2, 0, "BR [KEY]",
	  "print external_ids:KEY of BR (no KEY: all of them)", NULL, 0, 0 },
	{ "set-fail-mode", cmd_set_fail_mode, 2, 2, CMD_WRITE, "BR MODE",
	  "set the fail_mode of BR, as set bridge BR fail_mode=MODE",
	  "Where:\tMODE := standalone (vportctl floods the bridge's domain) | secure (no flows)\n", 0, 0 },
	{ "del-fail-mode", cmd_del_fail_mode, 1, 1, CMD_WRITE, "BR",
	  "delete the fail_mode of BR: it is standalone again", NULL, 0, 0 },
	{ "get-fail-mode", cmd_get_fail_mode, 1, 1, 0, "BR",
	  "print the fail_mode of BR: standalone or secure", NULL, 0, 0 },
	{ "show", cmd_show, 0, 0, 0, "", "show the configuration with its kernel state", NULL, 0, 0 },
	{ "dp-show", cmd_dp_show, 0, 1, CMD_KERNEL, "[-s]",
	  "show the kernel's datapaths and vports (-s: with statistics)", NULL, CMD_STATS, 0 },
	{ "check", cmd_check, 0, 0, CMD_KERNEL,  "",
	  "compare the database with the kernel; exit 1 if they differ", NULL, 0, 0 },
	{ "reconcile", cmd_reconcile, 0, 1, CMD_WRITE | CMD_KERNEL | CMD_PRUNE, "[--prune]",
	  "make the kernel match the database, keeping port numbers",
	  "\t--prune: also delete vports in ovs-system that the database does not know\n",
	  CMD_PRUNE, 0 },
	{ "dump-flows", cmd_dump_flows, 0, 1, CMD_KERNEL, "[BR]",
	  "print the datapath's flows (of BR's ports), vportctl's own marked",
	  "Each line is as ovs-dpctl dump-flows prints it, with the flow's UFID first;\n"
	  "vportctl's own flows end with (vportctl: BRIDGE IFACE), the member they are from.\n", 0, 0 },
	{ "help", cmd_help, 0, 1, CMD_NODB, "[COMMAND]", "show help for COMMAND", NULL, 0, 0 },
	{ NULL }
};

static const struct option long_opts[] = {
	{ "db", required_argument, NULL, 'D' },
	{ "format", required_argument, NULL, 'f' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "offline", no_argument, NULL, 'O' },
	{ "timeout", required_argument, NULL, 't' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "batch", optional_argument, NULL, 'B' },
	{ "force", no_argument, NULL, 'F' },
	{ "netns", required_argument, NULL, 'N' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ "commands", no_argument, NULL, 'C' },
	{ "options", no_argument, NULL, 'L' },
	{ "option-keys", required_argument, NULL, 'K' },
	{ "columns", optional_argument, NULL, 'c' },
	{ "data", required_argument, NULL, 'A' },
	{ "no-heading", no_argument, NULL, 'H' },
	{ "types", no_argument, NULL, 'T' },
	{ "may-exist", no_argument, NULL, 'M' },
	{ "if-exists", no_argument, NULL, 'I' },
	{ "prune", no_argument, NULL, 'P' },
	{ "oneline", no_argument, NULL, '1' },
	{ "no-wait", no_argument, NULL, 'W' },
	{ NULL, 0, NULL, 0 }
};

const struct cmd *cmd_find(const char *name)
{
	for (const struct cmd *cmd = commands; cmd->name; cmd++)
		if (!strcmp(cmd->name, name))
			return cmd;
	return NULL;
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: %s [OPTIONS] COMMAND [ARG...] [-- [COMMAND-OPTIONS] COMMAND [ARG...]]...\n"
		"       %s [OPTIONS] --batch[=FILE]\n\n"
		"Manage Open vSwitch bridges and ports directly in the kernel datapath.\n\n"
		"Commands:\n", PROG_NAME, PROG_NAME);
	for (const struct cmd *cmd = commands; cmd->name; cmd++) {
		char syn[64];
		snprintf(syn, sizeof(syn), "%s %s", cmd->name, cmd->synopsis);
		fprintf(f, "  %-36s %s\n", syn, cmd->summary);
	}
	fprintf(f, "\nOptions:\n"
		"  --db=FILE              database (default $VPORTCTL_DB or %s)\n"
		"  -f, --format=FORMAT    output format: text (default) or json; list and find\n"
		"                         also take table (and list, as text)\n"
		"  --columns=COL,...      list and find: these columns only, in this order\n"
		"  --data=bare            list and find: values without quotes and brackets\n"
		"  --no-heading           list and find: no column names\n"
		"  --dry-run              print the kernel requests that would be sent; change nothing\n"
		"  --offline              change the database only; `reconcile` applies it later\n"
		"  -t, --timeout=SECS     wait at most SECS (1-86400, default 10) for the database\n"
		"                         lock and for the kernel\n"
		"  -v, --verbose          log every netlink request and reply to stderr\n"
		"  --batch[=FILE]         read commands, one per line, from FILE or stdin; all lines\n"
		"                         are one transaction\n"
		"  --force                write even if ovs-vswitchd seems to manage ovs-system\n"
		"  --oneline              print each command's output as one line (newlines as \\n,\n"
		"                         backslashes as \\\\), as ovs-vsctl --oneline\n"
		"  --no-wait              accepted, as ovs-vsctl's; there is no daemon to wait for\n"
		"  --netns=NAME|pid:PID   run in network namespace NAME (of /run/netns) or of PID,\n"
		"                         with its own datapath and database (" NETNS_DB_DIR "/NAME.db)\n"
		"  --may-exist, --if-exists  options of the first command\n"
		"  --commands, --options  list commands and options (for completion)\n"
		"  -h, --help             this help;  `%s help COMMAND` for one command\n"
		"  --version              print the version\n\n"
		"Exit codes: 0 ok, 1 failed (nothing changed), 2 br-exists: no such bridge,\n"
		"64 usage, 65 invalid value, 69 no kernel datapath, 75 timed out, 77 permission denied.\n",
		DEFAULT_DB, PROG_NAME);
}

int cmd_help(struct vctx *c, struct cmdline *cl)
{
	const struct cmd *cmd;

	if (!cl->argc) {
		usage(c->out);
		return 0;
	}
	cmd = cmd_find(cl->argv[0]);
	if (!cmd)
		return fail(c, EXIT_USAGE, "unknown command '%s'; use --help for help", cl->argv[0]);
	fprintf(c->out, "Usage: %s [OPTIONS] ", PROG_NAME);
	for (const struct cmd_option *o = cmd_options; o->name; o++)
		if ((cmd->flags & o->flag) && !(cmd->trailing & o->flag))
			fprintf(c->out, "[%s] ", o->name);
	fprintf(c->out, "%s %s\n\n%s.\n", cmd->name, cmd->synopsis, cmd->summary);
	if (cmd->help)
		fprintf(c->out, "\n%s", cmd->help);
	return 0;
}

static void print_commands(void)
{
	for (const struct cmd *cmd = commands; cmd->name; cmd++) {
		char opts[64] = "";
		size_t n = 0;
		for (const struct cmd_option *o = cmd_options; o->name; o++)
			if (cmd->flags & o->flag)
				n += snprintf(opts + n, sizeof(opts) - n, "%s%s", n ? "," : "", o->name);
		printf("%s\t%s\t%s\n", cmd->name, opts[0] ? opts : "-", cmd->synopsis);
	}
}

static void print_options(void)
{
	for (const struct option *o = long_opts; o->name; o++)
		printf("--%s%s\n", o->name, o->has_arg == required_argument ? "=" : "");
	puts("-f\n-t\n-v\n-h");
}

static int usage_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx_(fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

/* Parse one `[--opt]... COMMAND [ARG]...` segment. */
static int parse_segment(char **w, int n, int lineno, struct cmdline *cl)
{
	char where[32] = "";
	int i = 0;

	if (lineno)
		snprintf(where, sizeof(where), "line %d: ", lineno);
	memset(cl, 0, sizeof(*cl));
	cl->lineno = lineno;
	for (; i < n && w[i][0] == '-' && w[i][1]; i++) {
		const struct cmd_option *o = cmd_option_find(w[i], false);
		if (!o)
			return usage_err("%sunknown option '%s'; use --help for help", where, w[i]);
		if (cl->opts & o->flag)
			return usage_err("%s'%s' option specified multiple times", where, w[i]);
		cl->opts |= o->flag;
	}
	if (i == n)
		return usage_err("%smissing command name; use --help for help", where);
	cl->cmd = cmd_find(w[i]);
	if (!cl->cmd)
		return usage_err("%sunknown command '%s'; use --help for help", where, w[i]);
	const struct cmd *cmd = cl->cmd;
	for (const struct cmd_option *o = cmd_options; o->name; o++)
		if ((cl->opts & o->flag) && !(cmd->flags & o->flag))
			return usage_err("%s'%s' command has no '%s' option", where, cmd->name,
					 o->name);
	for (int k = i + 1; k < n && cmd->trailing; k++) {
		const struct cmd_option *o = cmd_option_find(w[k], true);
		if (!o || !(cmd->trailing & o->flag))
			return usage_err("%s'%s' takes only %s, not '%s'", where, cmd->name,
					 trailing_name(cmd), w[k]);
		cl->opts |= o->flag;
	}
	cl->argv = w + i + 1;
	cl->argc = n - i - 1;
	if (cl->argc < cmd->min_args) {
		if (cmd->min_args == cmd->max_args)
			return usage_err("%s'%s' command requires %d argument%s", where, cmd->name,
					 cmd->min_args, cmd->min_args == 1 ? "" : "s");
		return usage_err("%s'%s' command requires at least %d argument%s", where, cmd->name,
				 cmd->min_args, cmd->min_args == 1 ? "" : "s");
	}
	if (cmd->gap && cl->argc == cmd->gap)
		return usage_err("%s'%s' command takes exactly %d or %d arguments", where, cmd->name,
				 cmd->min_args, cmd->max_args);
	if (cmd->max_args >= 0 && cl->argc > cmd->max_args) {
		const char *extra = cl->argv[cmd->max_args];
		bool dash = extra[0] == '-' && !cmd->trailing;
		return usage_err("%s'%s' command takes at most %d argument%s%s", where, cmd->name,
				 cmd->max_args, cmd->max_args == 1 ? "" : "s",
				 dash ? " (note that options must precede command names and follow "
					"a \"--\" argument)" : "");
	}
	return 0;
}

struct cmdlist {
	struct cmdline *v;
	int n, cap;
};

static struct cmdline *cmdlist_add(struct cmdlist *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	return &l->v[l->n++];
}

/* Split words on "--" into command lines. */
static int split_commands(char **w, int n, int lineno, struct cmdlist *l)
{
	int start = 0;

	for (int i = 0; i <= n; i++) {
		if (i < n && strcmp(w[i], "--"))
			continue;
		int rc = parse_segment(w + start, i - start, lineno, cmdlist_add(l));
		if (rc)
			return rc;
		start = i + 1;
	}
	return 0;
}

/*
 * Shell-like words of one line: '...' literal, "..." with \" \\ \$ \` escapes,
 * \x outside quotes, # at the start of a word begins a comment.  The words are
 * written back into the line itself.
 */
static int tokenize(char *line, int lineno, char ***words, int *nwords)
{
	char *r = line, *wr = line;
	int n = 0, cap = 0;
	char **w = NULL;

	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\r')
			r++;
		if (!*r || *r == '#')
			break;
		char *start = wr;
		while (*r && *r != ' ' && *r != '\t' && *r != '\r') {
			if (*r == '\'') {
				char *end = strchr(r + 1, '\'');
				if (!end)
					goto unterminated;
				memmove(wr, r + 1, end - r - 1);
				wr += end - r - 1;
				r = end + 1;
			} else if (*r == '"') {
				r++;
				while (*r && *r != '"') {
					if (*r == '\\' && r[1] && strchr("\"\\$`", r[1]))
						r++;
					*wr++ = *r++;
				}
				if (!*r)
					goto unterminated;
				r++;
			} else if (*r == '\\' && r[1]) {
				*wr++ = r[1];
				r += 2;
			} else {
				*wr++ = *r++;
			}
		}
		bool more = *r != '\0';
		if (more)
			r++;
		*wr++ = '\0';
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			w = xrealloc(w, cap * sizeof(*w));
		}
		w[n++] = start;
		if (!more)
			break;
	}
	*words = w;
	*nwords = n;
	return 0;
unterminated:
	free(w);
	return usage_err("line %d: unterminated quote", lineno);
}

/* A batch line longer than this is refused (README, man page). */
#define BATCH_LINE_MAX 8192

/*
 * The whole batch input.  A NUL byte or a line longer than BATCH_LINE_MAX is a
 * usage error naming the line, found as the input is read: an endless input
 * of either (/dev/zero) stops at once instead of filling the memory.
 */
static char *read_all(FILE *f, const char *name, size_t *len, int *rc)
{
	size_t cap = 65536, n = 0, line_start = 0;
	char *buf = xmalloc(cap);
	int lineno = 1;

	for (;;) {
		if (n + 1 >= cap)
			buf = xrealloc(buf, cap *= 2);
		size_t r = fread(buf + n, 1, cap - n - 1, f);
		if (r == 0)
			break;
		for (size_t i = n; i < n + r; i++) {
			if (buf[i] == '\n') {
				lineno++;
				line_start = i + 1;
			} else if (buf[i] == '\0') {
				*rc = usage_err("line %d: NUL byte in the batch input", lineno);
				goto bad;
			} else if (i - line_start >= BATCH_LINE_MAX) {
				*rc = usage_err("line %d: longer than %d bytes", lineno, BATCH_LINE_MAX);
				goto bad;
			}
		}
		n += r;
	}
	if (ferror(f)) {
		*rc = usage_err("cannot read batch %s: %s", name, strerror(errno));
		goto bad;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
bad:
	free(buf);
	return NULL;
}

/* The word arrays of batch lines, which the command lines point into. */
static char ***batch_words;
static size_t n_batch_words;

static void keep_words(char **w)
{
	if (!(n_batch_words & (n_batch_words + 1)))	/* at 0, 1, 3, 7, ...: grow */
		batch_words = xrealloc(batch_words, (n_batch_words + 1) * 2 * sizeof(*batch_words));
	batch_words[n_batch_words++] = w;
}

static int read_batch(const char *file, struct cmdlist *l, char **keep)
{
	FILE *f = stdin;
	size_t len;
	char *buf;
	int lineno = 0;

	char name[PATH_MAX + 8];
	int rc = 0;

	if (file && !*file)
		return usage_err("--batch= needs a file name (or - for standard input)");
	if (file && strcmp(file, "-")) {
		f = fopen(file, "r");
		if (!f)
			return usage_err("cannot read batch file %s: %s", file, strerror(errno));
		snprintf(name, sizeof(name), "file %s", file);
	} else {
		snprintf(name, sizeof(name), "input");
	}
	buf = read_all(f, name, &len, &rc);
	if (f != stdin)
		fclose(f);
	if (!buf)
		return rc;
	*keep = buf;
	for (char *line = buf, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		char **w = NULL;
		int n = 0;
		if (tokenize(line, lineno, &w, &n))
			return EXIT_USAGE;
		keep_words(w);
		if (n && (rc = split_commands(w, n, lineno, l)))
			return rc;
	}
	return 0;
}

static void block_signals(bool block)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigprocmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

/* Write out what the commands printed; a failure is the invocation's failure. */
static int print_output(struct vctx *c, bool *printed)
{
	int e = 0;

	if (fflush(c->out))
		return fail(c, EXIT_FAIL, "out of memory");
	*printed = true;
	errno = 0;
	if (c->outlen && fwrite(c->outbuf, 1, c->outlen, stdout) != c->outlen)
		e = errno;
	if (fflush(stdout) && !e)
		e = errno;
	if (e || ferror(stdout))
		return fail(c, EXIT_FAIL, "cannot write the output: %s", strerror(e ? e : EIO));
	return 0;
}

/*
 * --oneline, as ovs-vsctl: a command's output without its last newline, its
 * other newlines as \n and backslashes doubled, then one newline (so a
 * command that prints nothing gives an empty line).  A table (list, find)
 * is printed whole, as ovs-vsctl prints one.
 */
static void put_oneline(FILE *f, const char *s, size_t len)
{
	if (len && s[len - 1] == '\n')
		len--;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			fputs("\\n", f);
		else if (s[i] == '\\')
			fputs("\\\\", f);
		else
			fputc(s[i], f);
	}
	fputc('\n', f);
}

static int run_command(struct vctx *c, struct cmdline *cl)
{
	FILE *out = c->out;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (!c->oneline || (cl->cmd->flags & CMD_TABLE))
		return cl->cmd->fn(c, cl);
	c->out = open_memstream(&buf, &len);
	if (!c->out) {
		c->out = out;
		return fail(c, EXIT_FAIL, "out of memory");
	}
	rc = cl->cmd->fn(c, cl);
	if (fclose(c->out) && !rc)
		rc = fail(c, EXIT_FAIL, "out of memory");
	c->out = out;
	if (!rc)
		put_oneline(out, buf, len);
	free(buf);
	return rc;
}

static int run(struct vctx *c, struct cmdlist *l)
{
	bool write = false, need_kernel = false, nodb = true, direct, printed = false;
	int rc = 0;

	for (int i = 0; i < l->n; i++) {
		unsigned fl = l->v[i].cmd->flags;
		write |= fl & CMD_WRITE;
		need_kernel |= fl & CMD_KERNEL;
		nodb &= !!(fl & CMD_NODB);
		if ((fl & CMD_KERNEL) && c->offline)
			return usage_err("'%s' talks to the kernel and cannot be used with --offline",
					 l->v[i].cmd->name);
	}
	/*
	 * Output is held back until the transaction commits; a lone read-only
	 * command has nothing to roll back and prints as it goes (show at
	 * 10 000 ports would otherwise double its memory).
	 */
	direct = !write && l->n == 1 && !c->oneline;
	if (direct) {
		c->out = stdout;
		setvbuf(stdout, NULL, _IOFBF, 64 << 10);
	} else {
		c->out = open_memstream(&c->outbuf, &c->outlen);
		if (!c->out)
			return usage_err("out of memory");
	}

	/* Resolve the families first: without them a write fails before touching the file. */
	if (!nodb && (need_kernel || (write && !c->offline)) &&
	    kernel_connect(c, need_kernel || !c->dry_run))
		goto done;
	if (!nodb && db_open(c, write))
		goto done;
	for (int i = 0; i < l->n; i++) {
		char where[32];
		struct cmdline *cl = &l->v[i];
		c->lineno = cl->lineno;
		if (cl->lineno) {
			snprintf(where, sizeof(where), "line %d: ", cl->lineno);
			c->where = where;
		}
		rc = run_command(c, cl);
		c->where = NULL;
		if (rc)
			goto done;
	}
	if (write) {
		/* The output is written before the commit: if it cannot be, nothing is committed. */
		block_signals(true);
		if (rules_finish(c) || apply_commit(c) || print_output(c, &printed) ||
		    db_finish(c, true)) {
			apply_undo_all(c);
			block_signals(false);
			goto done;
		}
		block_signals(false);
	}
done:
	if (c->exit_code)
		db_finish(c, false);
	else if (!write)
		db_finish(c, false);
	if (!direct)
		fclose(c->out);
	if (c->exit_code) {
		fflush(stdout);
		if (c->err[0])
			warnx_("%s", c->err);
		if (c->kerr[0])
			warnx_("kernel: %s", c->kerr);
		free(c->outbuf);
		return c->exit_code;
	}
	if (!direct && !printed)
		fwrite(c->outbuf, 1, c->outlen, stdout);
	free(c->outbuf);
	errno = 0;
	if (fflush(stdout) || ferror(stdout)) {
		warnx_("cannot write the output: %s", strerror(errno ? errno : EIO));
		return EXIT_FAIL;
	}
	return c->status;
}

int main(int argc, char **argv)
{
	struct vctx c = { .timeout = 10, .netns_fd = -1 };
	struct cmdlist l = { 0 };
	const char *batch = NULL;
	bool batch_mode = false, may_exist = false, if_exists = false, prune = false, db_given;
	const char *netns = NULL;
	char *batchbuf = NULL, netns_db[PATH_MAX];
	int opt, rc;

	signal(SIGPIPE, SIG_IGN);
	db_init();
	c.db_path = getenv("VPORTCTL_DB");
	db_given = c.db_path && *c.db_path;
	if (!db_given)
		c.db_path = DEFAULT_DB;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+f:t:vhV", long_opts, NULL)) != -1) {
		unsigned long v;
		enum iftype t;

		switch (opt) {
		case 'D':
			if (!*optarg)
				return usage_err("--db needs a file name");
			c.db_path = optarg;
			db_given = true;
			break;
		case 'f':
			c.json = !strcmp(optarg, "json");
			c.table_fmt = !strcmp(optarg, "table");
			if (!c.json && !c.table_fmt && strcmp(optarg, "text") && strcmp(optarg, "list"))
				return usage_err("invalid format '%s': expected text, json, table or "
						 "list", optarg);
			break;
		case 'n': c.dry_run = true; break;
		case 'O': c.offline = true; break;
		case 't':
			if (parse_ulong(optarg, 86400, &v) || v < 1)
				return usage_err("invalid timeout '%s': expected 1-86400 seconds", optarg);
			c.timeout = v;
			break;
		case 'v': c.verbose = true; break;
		case 'B':
			batch_mode = true;
			batch = optarg;
			break;
		case 'F': c.force = true; break;
		case '1': c.oneline = true; break;
		case 'W': break;	/* nothing reconfigures after us */
		case 'N':
			if (netns)
				return usage_err("'--netns' option specified multiple times");
			netns = optarg;
			break;
		case 'V':
			printf("%s %s\n", PROG_NAME, VPORTCTL_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		case 'C':
			print_commands();
			return 0;
		case 'L':
			print_options();
			return 0;
		case 'c':
			if (optarg) {	/* --columns=LIST: list and find */
				c.columns = optarg;
				break;
			}
			columns_print(stdout);	/* --columns: for the completion */
			return 0;
		case 'A':
			if (strcmp(optarg, "string") && strcmp(optarg, "bare"))
				return usage_err("invalid --data '%s': expected string or bare", optarg);
			c.bare = !strcmp(optarg, "bare");
			break;
		case 'H':
			c.no_heading = true;
			break;
		case 'T':
			for (int i = 0; i < IF_NTYPES; i++)
				puts(iftype_name(i));
			return 0;
		case 'K':
			if (iftype_parse(optarg, &t)) {
				char list[80];
				iftypes_join(list, sizeof(list));
				warnx_("invalid type '%s': expected %s", optarg, list);
				return EXIT_INVALID;
			}
			for (const char *const *k = iftype_option_keys(t); *k; k++)
				puts(*k);
			return 0;
		case 'M':
			if (may_exist)
				return usage_err("'--may-exist' option specified multiple times");
			may_exist = true;
			break;
		case 'I':
			if (if_exists)
				return usage_err("'--if-exists' option specified multiple times");
			if_exists = true;
			break;
		case 'P':
			prune = true;
			break;
		default:
			/* --verbose=1: getopt_long reports it as the short option's optopt. */
			for (const struct option *o = long_opts; optopt && o->name; o++) {
				const char *a = argv[optind - 1], *eq = strchr(a, '=');
				if (o->val == optopt && o->has_arg == no_argument && eq &&
				    !strncmp(a, "--", 2) && !strncmp(a + 2, o->name, eq - a - 2))
					return usage_err("--%s takes no value", o->name);
			}
			for (const struct option *o = long_opts; optopt && o->name; o++)
				if (o->val == optopt && o->has_arg == required_argument &&
				    !strncmp(argv[optind - 1], "--", 2))
					return usage_err("option '--%s' requires an argument", o->name);
			if (optopt && strchr("ft", optopt))
				return usage_err("option '-%c' requires an argument", optopt);
			if (optopt)
				return usage_err("unknown option '-%c'; use --help for help", optopt);
			return usage_err("unknown option '%s'; use --help for help", argv[optind - 1]);
		}
	}
	if (c.offline && c.dry_run)
		return usage_err("--offline and --dry-run cannot be combined");
	/* Checked, and the database chosen, before anything is read; entered later. */
	if (netns && (rc = host_netns_open(&c, netns, db_given, netns_db, sizeof(netns_db))))
		return rc;
	if (batch_mode) {
		if (optind < argc)
			return usage_err("--batch reads commands from its input; do not also give "
					 "them as arguments");
		rc = read_batch(batch, &l, &batchbuf);
		if (rc || !l.n)		/* an empty batch is an empty transaction */
			goto out;
	} else {
		if (optind == argc)
			return usage_err("missing command name; use --help for help");
		rc = split_commands(argv + optind, argc - optind, 0, &l);
		if (rc)
			goto out;
	}
	/* Command options in the global position belong to the first command. */
	const struct cmd *first = l.v[0].cmd;
	if (may_exist || if_exists || prune) {
		if ((may_exist && (l.v[0].opts & MAY_EXIST)) || (if_exists && (l.v[0].opts & IF_EXISTS)) ||
		    (prune && (l.v[0].opts & CMD_PRUNE))) {
			rc = usage_err("'%s' option specified multiple times",
					 may_exist ? "--may-exist" : if_exists ? "--if-exists" : "--prune");
			goto out;
		}
		if ((may_exist && !(first->flags & MAY_EXIST)) ||
		    (if_exists && !(first->flags & IF_EXISTS)) || (prune && !(first->flags & CMD_PRUNE))) {
			rc = usage_err("'%s' command has no '%s' option", first->name,
				       may_exist ? "--may-exist" : if_exists ? "--if-exists" : "--prune");
			goto out;
		}
		l.v[0].opts |= (may_exist ? MAY_EXIST : 0) | (if_exists ? IF_EXISTS : 0) |
			       (prune ? CMD_PRUNE : 0);
	}
	strset_init(&c.touched_if);
	strset_init(&c.touched_br);
	strset_init(&c.touched_k);
	strset_init(&c.ensure_k);
	strset_init(&c.created_if);
	rc = run(&c, &l);
	db_close(&c);
	kernel_close(&c);
	apply_forget(&c);
	free(c.undo.v);
	strset_free(&c.touched_if);
	strset_free(&c.touched_br);
	strset_free(&c.touched_k);
	strset_free(&c.ensure_k);
	strset_free(&c.created_if);
	free(c.touched_line);
out:	/* usage errors too: LeakSanitizer finds nothing at any exit */
	free(l.v);
	free(batchbuf);
	for (size_t i = 0; i < n_batch_words; i++)
		free(batch_words[i]);
	free(batch_words);
	return rc;
}
