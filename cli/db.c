// SPDX-License-Identifier: GPL-2.0
/*
 * db.c - the SQLite configuration database.
 *
 * Tables:
 *   bridge  one row per bridge
 *   iface   one row per interface (a bridge's local interface included);
 *           kname, backer_cfg and tnl_id are derived from type and options
 *           (rules_derive) and indexed, so the backer and duplicate-tunnel
 *           rules cost one index probe per interface
 *   vport   the kernel vports vportctl manages, as last committed: what it
 *           wants in the kernel and the port number the kernel gave
 *
 * Every invocation is one transaction; writers take it with BEGIN IMMEDIATE so
 * that invocations serialize.  The rollback journal with synchronous=FULL keeps
 * the file consistent across a crash and readable by unprivileged users; a
 * crashed writer's hot journal is rolled back by readers too (open_read).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "vportctl.h"
#include "db.h"
#include "flows.h"
#include "rules.h"

enum stmt_id {
	S_BR_GET, S_BR_INS, S_BR_DEL, S_BR_LIST, S_BR_COUNT,
	S_IF_GET, S_IF_INS, S_IF_UPD, S_IF_DEL, S_IF_NAMES_OF_BR, S_IF_DEL_BR, S_IF_OF_BR, S_IF_ALL,
	S_IF_OF_KNAME, S_IF_BACKER_USERS, S_IF_DUP_TNL, S_IF_CFG_LT, S_IF_CFG_GT, S_IF_PORT_REQ,
	S_KO_GET, S_KO_PUT, S_KO_DEL, S_KO_ALL,
	S_BR_FAIL_MODE, S_BR_SET_FAIL_MODE, S_IF_PATCH_OF_BR, S_IF_KNAME_ON_BR,
	S_FL_OLD_DOMAIN, S_FL_OF_BR, S_FL_ALL, S_FL_PUT, S_FL_DEL, S_FL_DEL_ALL, S_FL_COUNT_BR,
	S_MAP_GET, S_MAP_GET_LAST = S_MAP_GET + MAP_N - 1,
	S_MAP_PUT, S_MAP_PUT_LAST = S_MAP_PUT + MAP_N - 1, S_IF_MAPS,
	S_NSTMT
};

#define SCHEMA_VERSION 3

static const char schema_v1[] =
	"CREATE TABLE bridge (name TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE iface ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" bridge TEXT NOT NULL,"
	" type TEXT NOT NULL,"
	" options TEXT NOT NULL DEFAULT '',"
	" mtu_request INTEGER,"
	" dp_port_request INTEGER,"
	" kname TEXT,"
	" backer_cfg TEXT NOT NULL DEFAULT '',"
	" tnl_id TEXT);"
	"CREATE INDEX iface_bridge ON iface(bridge, name);"
	"CREATE INDEX iface_kname ON iface(kname, backer_cfg);"
	"CREATE INDEX iface_tnl ON iface(kname, tnl_id) WHERE tnl_id IS NOT NULL;"
	"CREATE INDEX iface_port_req ON iface(dp_port_request) WHERE dp_port_request IS NOT NULL;"
	"CREATE TABLE vport ("
	" name TEXT PRIMARY KEY NOT NULL,"
	" type INTEGER NOT NULL,"
	" dst_port INTEGER,"
	" gbp INTEGER NOT NULL DEFAULT 0,"
	" port_no INTEGER,"
	" port_request INTEGER,"
	" mtu INTEGER) WITHOUT ROWID;";

/*
 * Version 2: forwarding.  A bridge's fail_mode, and the flows vportctl
 * installed as last committed (the payloads of KEY, MASK and ACTIONS as sent),
 * each with the member it is from and the name of its broadcast domain.
 */
static const char schema_v2[] =
	"ALTER TABLE bridge ADD COLUMN fail_mode TEXT NOT NULL DEFAULT 'standalone';"
	"CREATE TABLE flow ("
	" ufid BLOB PRIMARY KEY NOT NULL,"
	" bridge TEXT NOT NULL,"
	" iface TEXT NOT NULL,"
	" domain TEXT NOT NULL,"
	" key BLOB NOT NULL,"
	" mask BLOB NOT NULL,"
	" actions BLOB NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX flow_bridge ON flow(bridge);"
	"CREATE INDEX flow_domain ON flow(domain);"
	"CREATE INDEX iface_patch ON iface(bridge) WHERE type = 'patch';";

/*
 * Version 3: the string maps scripts set (external_ids, other_config) on
 * interfaces, on ports (one port is one interface here, but Open vSwitch keeps
 * the Port's maps apart from the Interface's) and on bridges.  "KEY=VALUE\n"
 * lines sorted by key, as options; never sent to the kernel.
 */
static const char schema_v3[] =
	"ALTER TABLE iface ADD COLUMN external_ids TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE iface ADD COLUMN other_config TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE iface ADD COLUMN port_external_ids TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE iface ADD COLUMN port_other_config TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE bridge ADD COLUMN external_ids TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE bridge ADD COLUMN other_config TEXT NOT NULL DEFAULT '';";

/* Migrations: migrations[v] takes a database from version v to v + 1. */
static const char *const migrations[SCHEMA_VERSION] = {
	[0] = schema_v1,
	[1] = schema_v2,
	[2] = schema_v3,
};

#define IF_COLS "id, name, bridge, type, options, mtu_request, dp_port_request, kname, backer_cfg, tnl_id"

static const char *const stmt_sql[S_NSTMT] = {
	[S_BR_GET] = "SELECT 1 FROM bridge WHERE name = ?1",
	[S_BR_INS] = "INSERT INTO bridge (name) VALUES (?1)",
	[S_BR_DEL] = "DELETE FROM bridge WHERE name = ?1",
	[S_BR_LIST] = "SELECT name FROM bridge ORDER BY name",
	[S_BR_COUNT] = "SELECT EXISTS (SELECT 1 FROM bridge)",
	[S_IF_GET] = "SELECT " IF_COLS " FROM iface WHERE name = ?1",
	[S_IF_INS] = "INSERT INTO iface (name, bridge, type, options, mtu_request, dp_port_request,"
		     " kname, backer_cfg, tnl_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[S_IF_UPD] = "UPDATE iface SET bridge = ?2, type = ?3, options = ?4, mtu_request = ?5,"
		     " dp_port_request = ?6, kname = ?7, backer_cfg = ?8, tnl_id = ?9 WHERE name = ?1",
	[S_IF_DEL] = "DELETE FROM iface WHERE name = ?1",
	[S_IF_NAMES_OF_BR] = "SELECT name, kname FROM iface WHERE bridge = ?1",
	[S_IF_DEL_BR] = "DELETE FROM iface WHERE bridge = ?1",
	[S_IF_OF_BR] = "SELECT " IF_COLS " FROM iface WHERE bridge = ?1 ORDER BY name",
	[S_IF_ALL] = "SELECT " IF_COLS " FROM iface ORDER BY name",
	[S_IF_OF_KNAME] = "SELECT " IF_COLS " FROM iface WHERE kname = ?1 LIMIT 1",
	[S_IF_BACKER_USERS] = "SELECT name FROM iface WHERE kname = ?1 ORDER BY name",
	[S_IF_DUP_TNL] = "SELECT name, id FROM iface WHERE kname = ?1 AND tnl_id = ?2 AND name <> ?3"
			 " ORDER BY id LIMIT 1",
	[S_IF_CFG_LT] = "SELECT name FROM iface WHERE kname = ?1 AND backer_cfg < ?2 LIMIT 1",
	[S_IF_CFG_GT] = "SELECT name FROM iface WHERE kname = ?1 AND backer_cfg > ?2 LIMIT 1",
	[S_IF_PORT_REQ] = "SELECT name FROM iface WHERE dp_port_request = ?1 AND name <> ?2 LIMIT 1",
	[S_KO_GET] = "SELECT type, dst_port, gbp, port_no, port_request, mtu FROM vport WHERE name = ?1",
	[S_KO_PUT] = "INSERT OR REPLACE INTO vport (name, type, dst_port, gbp, port_no, port_request, mtu)"
		     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_KO_DEL] = "DELETE FROM vport WHERE name = ?1",
	[S_KO_ALL] = "SELECT name, type, dst_port, gbp, port_no, port_request, mtu FROM vport ORDER BY name",
	[S_BR_FAIL_MODE] = "SELECT fail_mode FROM bridge WHERE name = ?1",
	[S_BR_SET_FAIL_MODE] = "UPDATE bridge SET fail_mode = ?2 WHERE name = ?1",
	[S_IF_PATCH_OF_BR] = "SELECT " IF_COLS " FROM iface WHERE bridge = ?1 AND type = 'patch'",
	[S_IF_KNAME_ON_BR] = "SELECT 1 FROM iface WHERE kname = ?1 AND bridge = ?2 LIMIT 1",
	[S_FL_OLD_DOMAIN] = "SELECT DISTINCT bridge FROM flow WHERE domain IN"
			    " (SELECT domain FROM flow WHERE bridge = ?1)",
	[S_FL_OF_BR] = "SELECT ufid, bridge, iface, domain, key, mask, actions FROM flow"
		       " WHERE bridge = ?1",
	[S_FL_ALL] = "SELECT ufid, bridge, iface, domain, key, mask, actions FROM flow",
	[S_FL_PUT] = "INSERT OR REPLACE INTO flow (ufid, bridge, iface, domain, key, mask, actions)"
		     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_FL_DEL] = "DELETE FROM flow WHERE ufid = ?1",
	[S_FL_DEL_ALL] = "DELETE FROM flow",
	[S_FL_COUNT_BR] = "SELECT count(*) FROM flow WHERE bridge = ?1",
#define MAP_SQL(i, tbl, col) \
	[S_MAP_GET + (i)] = "SELECT " col " FROM " tbl " WHERE name = ?1", \
	[S_MAP_PUT + (i)] = "UPDATE " tbl " SET " col " = ?2 WHERE name = ?1"
	MAP_SQL(MAP_IF_EXTERNAL_IDS, "iface", "external_ids"),
	MAP_SQL(MAP_IF_OTHER_CONFIG, "iface", "other_config"),
	MAP_SQL(MAP_PORT_EXTERNAL_IDS, "iface", "port_external_ids"),
	MAP_SQL(MAP_PORT_OTHER_CONFIG, "iface", "port_other_config"),
	MAP_SQL(MAP_BR_EXTERNAL_IDS, "bridge", "external_ids"),
	MAP_SQL(MAP_BR_OTHER_CONFIG, "bridge", "other_config"),
#undef MAP_SQL
	[S_IF_MAPS] = "SELECT " IF_COLS ", external_ids, other_config, port_external_ids,"
		      " port_other_config FROM iface WHERE bridge = ?1 ORDER BY name",
};

static sqlite3_stmt *stmts[S_NSTMT];

void db_init(void)
{
	/* One thread, no allocation statistics: SQLite's mutexes cost a quarter of a batch. */
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/*
 * The invocation's transaction is open.  After some errors (SQLITE_FULL,
 * SQLITE_IOERR, SQLITE_NOMEM, SQLITE_BUSY) SQLite rolls it back by itself, and
 * every later statement would then commit on its own: once that has happened,
 * nothing more is run.
 */
static bool in_txn;

/*
 * --timeout bounds the invocation's waits for the database lock as a whole,
 * not each statement's: the busy handler of every connection gives up at one
 * deadline, set when the database is first opened.
 */
static struct timespec lock_deadline;

static long ms_left(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (lock_deadline.tv_sec - now.tv_sec) * 1000 +
	       (lock_deadline.tv_nsec - now.tv_nsec) / 1000000;
}

static int busy_wait(void *arg, int count)
{
	long left = ms_left();

	(void)arg;
	(void)count;
	if (left <= 0)
		return 0;
	usleep((left < 5 ? left : 5) * 1000);
	return 1;
}

static void start_clock(struct vctx *c)
{
	if (!lock_deadline.tv_sec) {
		clock_gettime(CLOCK_MONOTONIC, &lock_deadline);
		lock_deadline.tv_sec += c->timeout;
	}
}

static void set_busy(struct vctx *c, sqlite3 *db)
{
	start_clock(c);
	sqlite3_busy_handler(db, busy_wait, NULL);
}

static bool txn_lost(struct vctx *c)
{
	return in_txn && c->db && sqlite3_get_autocommit(c->db);
}

static int db_error(struct vctx *c, int rc, const char *what)
{
	int code = EXIT_FAIL;

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return fail(c, EXIT_TIMEOUT,
			    "timed out after %d s waiting for the database lock on %s "
			    "(another vportctl is running)", c->timeout, c->db_path);
	if (rc == SQLITE_READONLY || rc == SQLITE_PERM || rc == SQLITE_AUTH)
		code = EXIT_PERM;
	return fail(c, code, "database %s: %s: %s", c->db_path, what,
		    c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
}

static sqlite3_stmt *db_stmt(struct vctx *c, enum stmt_id id)
{
	if (!stmts[id]) {
		if (sqlite3_prepare_v3(c->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
				       &stmts[id], NULL) != SQLITE_OK) {
			warnx_("internal error: %s: %s", stmt_sql[id], sqlite3_errmsg(c->db));
			exit(EXIT_FAIL);
		}
	} else {
		sqlite3_reset(stmts[id]);
		sqlite3_clear_bindings(stmts[id]);
	}
	return stmts[id];
}

static int lost(struct vctx *c)
{
	return fail(c, EXIT_FAIL, "database %s: the transaction was rolled back after an error;"
		    " nothing was changed", c->db_path);
}

static int db_step(struct vctx *c, sqlite3_stmt *st)
{
	if (txn_lost(c))
		return lost(c);
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	db_error(c, rc, "query failed");
	return -1;
}

static int exec(struct vctx *c, const char *sql, const char *what)
{
	if (txn_lost(c))
		return lost(c);
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : db_error(c, rc, what);
}

static int begin(struct vctx *c, const char *sql)
{
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_error(c, rc, "cannot start a transaction");
	in_txn = true;
	return 0;
}

static void rollback(struct vctx *c)
{
	in_txn = false;
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

/* One integer from SQL, or -1 (reported, as WHAT) on error. */
static long long query_int(struct vctx *c, const char *sql, const char *what)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(c, sqlite3_errcode(c->db), what);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_error(c, rc, what);
	return v;
}

static int user_version(struct vctx *c)
{
	long long v = query_int(c, "PRAGMA user_version", "reading the schema version");

	return v < 0 ? -1 : (int)v;
}

/*
 * A vportctl database carries APPLICATION_ID from its creation on.  One
 * without it is vportctl's only if it is empty, or if it is from a vportctl
 * before the mark (a schema version and exactly its tables: bridge, iface and
 * vport, and flow from version 2 on); the mark is added at its next write.  Anything else is another
 * application's, and is refused.
 */
#define APPLICATION_ID 0x76706374	/* "vpct" */

static int check_owner(struct vctx *c, int version)
{
	long long id = query_int(c, "PRAGMA application_id", "reading the application id");

	if (id < 0)
		return -1;
	if (id == APPLICATION_ID)
		return 0;
	if (id == 0) {
		long long ours = query_int(c, "SELECT count(*) FILTER (WHERE name IN "
					   "('bridge', 'iface', 'vport', 'flow')), count(*) FROM sqlite_master"
					   " WHERE type = 'table'", "reading the schema");
		long long all = ours < 0 ? -1 :
				query_int(c, "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
					  "reading the schema");
		if (all < 0)
			return -1;
		/* version 1 has bridge, iface and vport; version 2 adds flow */
		long long want = version >= 2 ? 4 : 3;

		if ((version == 0 && all == 0) || (version > 0 && ours == want && all == want))
			return 0;
	}
	return fail(c, EXIT_FAIL, "database %s is not a vportctl database (another application's"
		    " SQLite file); refusing to use it", c->db_path);
}

/* Stamp a database from before the mark with it, in a writing transaction. */
static int stamp_owner(struct vctx *c)
{
	long long id = query_int(c, "PRAGMA application_id", "reading the application id");

	if (id < 0)
		return -1;
	if (id == APPLICATION_ID || sqlite3_db_readonly(c->db, "main") == 1)
		return 0;
	char sql[48];
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d", APPLICATION_ID);
	return exec(c, sql, "marking it as vportctl's");
}

/* Bring the schema up to date; in a read-only or scratch database too. */
static int migrate(struct vctx *c)
{
	int v = user_version(c);

	if (v < 0 || check_owner(c, v))
		return -1;
	if (v > SCHEMA_VERSION)
		return fail(c, EXIT_FAIL, "database %s has schema version %d; this vportctl "
			    "understands up to %d", c->db_path, v, SCHEMA_VERSION);
	if (v == SCHEMA_VERSION)
		return c->db_write ? stamp_owner(c) : 0;
	if (sqlite3_db_readonly(c->db, "main") == 1)
		return fail(c, EXIT_PERM, "database %s has schema version %d and needs an upgrade;"
			    " run a command that writes, with write access", c->db_path, v);
	for (; v < SCHEMA_VERSION; v++) {
		char sql[64];
		if (exec(c, migrations[v], "creating the tables"))
			return -1;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if (exec(c, sql, "setting the schema version"))
			return -1;
	}
	return stamp_owner(c);
}

static int open_memory(struct vctx *c)
{
	if (sqlite3_open_v2(":memory:", &c->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		return db_error(c, SQLITE_NOMEM, "opening a scratch database");
	return begin(c, "BEGIN") || migrate(c);
}

/* Make the missing directories (0755) and a 0644 file, whatever the umask. */
static int create_file(struct vctx *c)
{
	char *dir = xstrdup(c->db_path);
	int fd, e = 0;

	/* mkdir -p of the file's directory */
	for (char *p = strchr(dir + 1, '/'); p && !e; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(dir, 0755) == 0)
			chmod(dir, 0755);
		else if (errno != EEXIST)
			e = errno;
		if (!e)
			*p = '/';
	}
	if (e) {
		fail(c, e == EACCES || e == EPERM || e == EROFS ? EXIT_PERM : EXIT_FAIL,
		     "cannot create directory %s for the database %s: %s", dir, c->db_path,
		     strerror(e));
		free(dir);
		return -1;
	}
	free(dir);
	fd = open(c->db_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return fail(c, errno == EACCES || errno == EPERM || errno == EROFS ?
			    EXIT_PERM : EXIT_FAIL, "cannot create database %s: %s",
			    c->db_path, strerror(errno));
	fchmod(fd, 0644);
	close(fd);
	return 0;
}

/*
 * A crashed writer leaves a hot journal that only a connection that may write
 * can roll back; a read-only open then fails with SQLITE_READONLY_ROLLBACK.
 * Whoever may write the file and its directory opens it read-write (query_only)
 * and SQLite rolls the journal back.  Anyone else reads a private copy of the
 * file and the journal, taken under a SHARED lock so that no writer can roll
 * back or change either meanwhile; SQLite rolls the copy back.
 */
#define SQLITE_SHARED_FIRST (0x40000000 + 2)	/* the unix VFS's lock bytes */
#define SQLITE_SHARED_SIZE 510

static char recovery_dir[PATH_MAX];

static void recovery_cleanup(void)
{
	char p[PATH_MAX + 16];

	if (!recovery_dir[0])
		return;
	snprintf(p, sizeof(p), "%s/db-journal", recovery_dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/db", recovery_dir);
	unlink(p);
	rmdir(recovery_dir);
	recovery_dir[0] = '\0';
}

static int copy_fd(int from, const char *to)
{
	char buf[65536];
	ssize_t r;
	int fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0)
		return -1;
	while ((r = read(from, buf, sizeof(buf))) > 0)
		if (write(fd, buf, r) != r) {
			r = -1;
			break;
		}
	if (close(fd) || r < 0)
		return -1;
	return 0;
}

static int recover_copy(struct vctx *c, sqlite3 **db)
{
	char journal[PATH_MAX + 16], to[PATH_MAX + 16];
	struct flock lk = { .l_type = F_RDLCK, .l_whence = SEEK_SET,
			    .l_start = SQLITE_SHARED_FIRST, .l_len = SQLITE_SHARED_SIZE };
	int fd, jfd = -1, e = 0;
	const char *tmp = getenv("TMPDIR");

	fd = open(c->db_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(c, EXIT_PERM, "database %s: cannot read it to recover from a crash: %s",
			    c->db_path, strerror(errno));
	start_clock(c);
	while (fcntl(fd, F_SETLK, &lk)) {
		if ((errno != EACCES && errno != EAGAIN) || ms_left() <= 0) {
			close(fd);
			return fail(c, EXIT_TIMEOUT, "timed out after %d s waiting for the database "
				    "lock on %s (another vportctl is running)", c->timeout, c->db_path);
		}
		usleep(5000);
	}
	snprintf(journal, sizeof(journal), "%s-journal", c->db_path);
	snprintf(recovery_dir, sizeof(recovery_dir), "%s/vportctl.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(recovery_dir)) {
		e = errno;
		recovery_dir[0] = '\0';
	} else {
		snprintf(to, sizeof(to), "%s/db", recovery_dir);
		if (copy_fd(fd, to))
			e = errno;
		jfd = e ? -1 : open(journal, O_RDONLY | O_CLOEXEC);
		snprintf(to, sizeof(to), "%s/db-journal", recovery_dir);
		if (jfd >= 0 && copy_fd(jfd, to))
			e = errno;
		if (jfd >= 0)
			close(jfd);
	}
	close(fd);		/* drops the lock */
	if (e) {
		recovery_cleanup();
		return fail(c, EXIT_FAIL, "database %s: cannot copy it to recover from a crash: %s",
			    c->db_path, strerror(e));
	}
	snprintf(to, sizeof(to), "%s/db", recovery_dir);
	if (sqlite3_open_v2(to, db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		return db_error(c, sqlite3_errcode(*db), "cannot open");
	return 0;
}

/* The directory of PATH, allocated. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	return strndup(path, slash == path ? 1 : slash - path) ?: xstrdup("/");
}

static bool may_write_file(const char *path)
{
	char *dir = dir_of(path);
	bool ok = !access(path, W_OK) && !access(dir, W_OK | X_OK);

	free(dir);
	return ok;
}

/* Open the database file to read it; after a crash, as it was before. */
static int open_read(struct vctx *c, sqlite3 **db)
{
	int rc = sqlite3_open_v2(c->db_path, db, SQLITE_OPEN_READONLY, NULL);

	if (rc != SQLITE_OK)
		return db_error(c, rc, "cannot open");
	set_busy(c, *db);
	rc = sqlite3_exec(*db, "PRAGMA user_version", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return 0;
	if (sqlite3_extended_errcode(*db) != SQLITE_READONLY_ROLLBACK)
		return db_error(c, rc, "reading the schema version");
	sqlite3_close(*db);
	*db = NULL;
	if (may_write_file(c->db_path)) {
		rc = sqlite3_open_v2(c->db_path, db, SQLITE_OPEN_READWRITE, NULL);
		if (rc != SQLITE_OK)
			return db_error(c, rc, "cannot open");
	} else if (recover_copy(c, db)) {
		return -1;
	}
	set_busy(c, *db);
	sqlite3_exec(*db, "PRAGMA query_only = ON", NULL, NULL, NULL);
	return 0;
}

/*
 * What the database path is: 1 a file to open, 0 nothing (the only case that
 * reads as an empty configuration), -1 reported: unreachable, a directory, a
 * FIFO or device (SQLite would hang on a FIFO), a file cut short of SQLite's
 * 100-byte header (SQLite would take it for an empty database).
 */
static int check_file(struct vctx *c)
{
	struct stat sb;

	if (stat(c->db_path, &sb)) {
		if (errno == ENOENT)
			return 0;
		if (errno == EACCES)
			return fail(c, EXIT_PERM, "permission denied: cannot reach the database %s",
				    c->db_path);
		return fail(c, EXIT_FAIL, "cannot reach the database %s: %s", c->db_path,
			    strerror(errno));
	}
	if (S_ISDIR(sb.st_mode))
		return fail(c, EXIT_FAIL, "database %s is a directory, not a file", c->db_path);
	if (!S_ISREG(sb.st_mode))
		return fail(c, EXIT_FAIL, "database %s is not a regular file", c->db_path);
	if (sb.st_size > 0 && sb.st_size < 100)
		return fail(c, EXIT_FAIL, "database %s: database disk image is malformed (truncated "
			    "to %lld bytes)", c->db_path, (long long)sb.st_size);
	if (access(c->db_path, R_OK))
		return fail(c, EXIT_PERM, "permission denied: cannot read the database %s",
			    c->db_path);
	return 1;
}

/* Writing needs the file, and its directory for the rollback journal. */
static int check_writable(struct vctx *c)
{
	struct statvfs vfs;
	char *dir = dir_of(c->db_path);
	int rc = 0;

	if (statvfs(c->db_path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
		rc = fail(c, EXIT_PERM, "permission denied: the database %s is on a read-only file "
			  "system", c->db_path);
	else if (access(c->db_path, W_OK))
		rc = fail(c, EXIT_PERM, "permission denied: cannot write the database %s",
			  c->db_path);
	else if (access(dir, W_OK | X_OK))
		rc = fail(c, EXIT_PERM, "permission denied: cannot create the rollback journal of "
			  "the database %s: the directory %s is not writable", c->db_path, dir);
	free(dir);
	return rc;
}

/* Copy the database into memory: --dry-run works on a scratch copy. */
static int open_copy(struct vctx *c)
{
	sqlite3 *file;
	int rc;

	int exists = check_file(c);

	if (exists < 0 || open_memory(c))
		return -1;
	if (!exists)
		return 0;
	rollback(c);
	rc = SQLITE_OK;
	if (open_read(c, &file))
		rc = -1;
	else {
		sqlite3_backup *b = sqlite3_backup_init(c->db, "main", file, "main");
		if (b) {
			rc = sqlite3_backup_step(b, -1);
			sqlite3_backup_finish(b);
			if (rc == SQLITE_DONE)
				rc = SQLITE_OK;
		} else {
			rc = sqlite3_errcode(c->db);
		}
	}
	sqlite3_close(file);
	recovery_cleanup();
	if (rc < 0)
		return -1;
	if (rc != SQLITE_OK)
		return db_error(c, rc, "reading");
	return begin(c, "BEGIN") || migrate(c);
}

int db_open(struct vctx *c, bool write)
{
	int rc;

	if (write && c->dry_run)
		return open_copy(c);
	int exists = check_file(c);

	if (exists < 0)
		return -1;
	if (!write) {
		if (!exists) {
			return open_memory(c);
		}
		if (open_read(c, &c->db))
			return -1;
		if (begin(c, "BEGIN"))
			return -1;
		int v = user_version(c);
		if (v < 0 || check_owner(c, v))
			return -1;
		if (v == 0) {	/* never written: an empty configuration */
			sqlite3_close(c->db);
			c->db = NULL;
			return open_memory(c);
		}
		if (v < SCHEMA_VERSION) {
			/* An older schema, read by someone who may not upgrade it: read a copy. */
			rollback(c);
			sqlite3_close(c->db);
			c->db = NULL;
			return open_copy(c);
		}
		return migrate(c);
	}

	if (!exists && create_file(c))
		return -1;
	if (check_writable(c))
		return -1;
	rc = sqlite3_open_v2(c->db_path, &c->db, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK)
		return db_error(c, rc, "cannot open");
	if (sqlite3_db_readonly(c->db, "main") == 1)
		return fail(c, EXIT_PERM, "permission denied: cannot write the database %s",
			    c->db_path);
	set_busy(c, c->db);
	/*
	 * A transaction bigger than the page cache would spill dirty pages into
	 * the file, taking the EXCLUSIVE lock from then to the commit and
	 * locking readers out; the cache grows instead (README: why not WAL).
	 */
	if (exec(c, "PRAGMA synchronous = FULL", "setting synchronous=FULL") ||
	    exec(c, "PRAGMA cache_spill = OFF", "setting cache_spill=OFF"))
		return -1;
	if (begin(c, "BEGIN IMMEDIATE"))
		return -1;
	c->db_write = true;
	return migrate(c);
}

int db_finish(struct vctx *c, bool commit)
{
	if (!c->db)
		return 0;
	if (commit && c->db_write && !c->dry_run) {
		if (txn_lost(c))
			return lost(c);
		int rc = sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return db_error(c, rc, "commit failed");
		in_txn = false;
		return 0;
	}
	rollback(c);
	return 0;
}

void db_close(struct vctx *c)
{
	for (int i = 0; i < S_NSTMT; i++) {
		sqlite3_finalize(stmts[i]);
		stmts[i] = NULL;
	}
	if (c->db)
		sqlite3_close(c->db);
	recovery_cleanup();
	in_txn = false;
	c->db = NULL;
}

int db_bridge_exists(struct vctx *c, const char *name)
{
	sqlite3_stmt *st = db_stmt(c, S_BR_GET);

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = db_step(c, st);
	return rc < 0 ? -1 : rc == SQLITE_ROW;
}

int db_count_bridges(struct vctx *c)
{
	sqlite3_stmt *st = db_stmt(c, S_BR_COUNT);

	return db_step(c, st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
}

static void text_col(sqlite3_stmt *st, int i, char *buf, size_t len)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	size_t n = s ? (size_t)sqlite3_column_bytes(st, i) : 0;

	if (n >= len)
		n = len - 1;
	memcpy(buf, s ? (const char *)s : "", n);
	buf[n] = '\0';
}

static void copy_span(char *dst, size_t len, const char *src, size_t n)
{
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void options_decode(const char *s, struct iface *ifc)
{
	ifc->nopts = 0;
	while (*s && ifc->nopts < MAX_OPTS) {
		const char *eq = strchr(s, '=');
		const char *nl = strchr(s, '\n');
		if (!eq || !nl || eq > nl)
			break;
		struct opt *o = &ifc->opts[ifc->nopts++];
		copy_span(o->key, sizeof(o->key), s, eq - s);
		copy_span(o->val, sizeof(o->val), eq + 1, nl - eq - 1);
		s = nl + 1;
	}
}

static char *options_encode(const struct iface *ifc, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < ifc->nopts && n < len; i++)
		n += snprintf(buf + n, len - n, "%s=%s\n", ifc->opts[i].key, ifc->opts[i].val);
	return buf;
}

static void db_iface_from_row(sqlite3_stmt *st, struct iface *ifc)
{
	char type[16];

	memset(ifc, 0, sizeof(*ifc));
	ifc->id = sqlite3_column_int64(st, 0);
	text_col(st, 1, ifc->name, sizeof(ifc->name));
	text_col(st, 2, ifc->bridge, sizeof(ifc->bridge));
	text_col(st, 3, type, sizeof(type));
	if (iftype_parse(type, &ifc->type))
		ifc->type = IF_SYSTEM;
	options_decode((const char *)sqlite3_column_text(st, 4) ?: "", ifc);
	ifc->mtu_request = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 5);
	ifc->dp_port_request = sqlite3_column_type(st, 6) == SQLITE_NULL ? -1 :
			       sqlite3_column_int64(st, 6);
	text_col(st, 7, ifc->kname, sizeof(ifc->kname));
	text_col(st, 8, ifc->backer_cfg, sizeof(ifc->backer_cfg));
	text_col(st, 9, ifc->tnl_id, sizeof(ifc->tnl_id));
}

int db_iface_get(struct vctx *c, const char *name, struct iface *ifc)
{
	sqlite3_stmt *st = db_stmt(c, S_IF_GET);

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = db_step(c, st);
	if (rc < 0)
		return -1;
	if (rc != SQLITE_ROW)
		return 0;
	db_iface_from_row(st, ifc);
	return 1;
}

static void bind_long(sqlite3_stmt *st, int i, long v)
{
	if (v < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

static void bind_iface(sqlite3_stmt *st, const struct iface *ifc, char *optbuf, size_t optlen)
{
	sqlite3_bind_text(st, 1, ifc->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ifc->bridge, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, iftype_name(ifc->type), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, options_encode(ifc, optbuf, optlen), -1, SQLITE_STATIC);
	bind_long(st, 5, ifc->mtu_request);
	bind_long(st, 6, ifc->dp_port_request);
	if (ifc->kname[0])
		sqlite3_bind_text(st, 7, ifc->kname, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 7);
	sqlite3_bind_text(st, 8, ifc->backer_cfg, -1, SQLITE_STATIC);
	if (ifc->tnl_id[0])
		sqlite3_bind_text(st, 9, ifc->tnl_id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 9);
}

int db_iface_insert(struct vctx *c, struct iface *ifc)
{
	char optbuf[MAX_OPTS * (16 + OPT_VAL_MAX + 2) + 1];
	sqlite3_stmt *st = db_stmt(c, S_IF_INS);

	bind_iface(st, ifc, optbuf, sizeof(optbuf));
	if (db_step(c, st) < 0)
		return -1;
	ifc->id = sqlite3_last_insert_rowid(c->db);
	return 0;
}

int db_iface_update(struct vctx *c, const struct iface *ifc)
{
	char optbuf[MAX_OPTS * (16 + OPT_VAL_MAX + 2) + 1];
	sqlite3_stmt *st = db_stmt(c, S_IF_UPD);

	bind_iface(st, ifc, optbuf, sizeof(optbuf));
	return db_step(c, st) < 0 ? -1 : 0;
}

int db_iface_delete(struct vctx *c, const char *name)
{
	sqlite3_stmt *st = db_stmt(c, S_IF_DEL);

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	return db_step(c, st) < 0 ? -1 : 0;
}

int db_vport_get(struct vctx *c, const char *name, struct vport *vp)
{
	sqlite3_stmt *st = db_stmt(c, S_KO_GET);

	memset(vp, 0, sizeof(*vp));
	vp->dst_port = vp->port_no = vp->port_request = vp->mtu = -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = db_step(c, st);
	if (rc < 0)
		return -1;
	if (rc != SQLITE_ROW)
		return 0;
	vp->present = true;
	vp->type = sqlite3_column_int(st, 0);
	if (sqlite3_column_type(st, 1) != SQLITE_NULL)
		vp->dst_port = sqlite3_column_int(st, 1);
	vp->gbp = sqlite3_column_int(st, 2);
	if (sqlite3_column_type(st, 3) != SQLITE_NULL)
		vp->port_no = sqlite3_column_int64(st, 3);
	if (sqlite3_column_type(st, 4) != SQLITE_NULL)
		vp->port_request = sqlite3_column_int64(st, 4);
	if (sqlite3_column_type(st, 5) != SQLITE_NULL)
		vp->mtu = sqlite3_column_int64(st, 5);
	return 1;
}

int db_vport_put(struct vctx *c, const char *name, const struct vport *vp)
{
	sqlite3_stmt *st = db_stmt(c, S_KO_PUT);

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, vp->type);
	bind_long(st, 3, vp->dst_port);
	sqlite3_bind_int(st, 4, vp->gbp);
	bind_long(st, 5, vp->port_no);
	bind_long(st, 6, vp->port_request);
	bind_long(st, 7, vp->mtu);
	return db_step(c, st) < 0 ? -1 : 0;
}

int db_vport_del(struct vctx *c, const char *name)
{
	sqlite3_stmt *st = db_stmt(c, S_KO_DEL);

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	return db_step(c, st) < 0 ? -1 : 0;
}

int db_vport_any(struct vctx *c)
{
	int rc = db_step(c, db_stmt(c, S_KO_ALL));

	return rc < 0 ? -1 : rc == SQLITE_ROW;
}

/* The first column of every row of st, into names. */
static int name_rows(struct vctx *c, sqlite3_stmt *st, struct strset *names)
{
	int rc;

	while ((rc = db_step(c, st)) == SQLITE_ROW)
		strset_add(names, (const char *)sqlite3_column_text(st, 0));
	return rc < 0 ? -1 : 0;
}

int db_vport_names(struct vctx *c, struct strset *names)
{
	return name_rows(c, db_stmt(c, S_KO_ALL), names);
}

/* An interface whose kernel vport is kname (a backer's first user). */
int db_iface_of_kname(struct vctx *c, const char *kname, struct iface *ifc)
{
	sqlite3_stmt *st = db_stmt(c, S_IF_OF_KNAME);
	int rc;

	sqlite3_bind_text(st, 1, kname, -1, SQLITE_STATIC);
	rc = db_step(c, st);
	if (rc < 0)
		return -1;
	if (rc != SQLITE_ROW)
		return 0;
	db_iface_from_row(st, ifc);
	return 1;
}

int db_bridge_add(struct vctx *c, const char *name)
{
	sqlite3_stmt *st = db_stmt(c, S_BR_INS);

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	return db_step(c, st) < 0 ? -1 : 0;
}

/* A bridge, its interfaces with it. */
int db_bridge_del(struct vctx *c, const char *name)
{
	sqlite3_stmt *st = db_stmt(c, S_IF_DEL_BR);

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (db_step(c, st) < 0)
		return -1;
	st = db_stmt(c, S_BR_DEL);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	return db_step(c, st) < 0 ? -1 : 0;
}

int db_bridge_names(struct vctx *c, struct strset *names)
{
	return name_rows(c, db_stmt(c, S_BR_LIST), names);
}

/*
 * Iterators over rows, so that memory does not grow with the number of
 * ports.  Each kind of iteration has its own statement: two of one kind
 * cannot be open at once.
 */
static void iter_start(struct vctx *c, struct db_iter *it, enum stmt_id id, const char *arg)
{
	it->c = c;
	it->stmt = db_stmt(c, id);
	if (arg)
		sqlite3_bind_text(it->stmt, 1, arg, -1, SQLITE_STATIC);
}

static int iter_step(struct db_iter *it)
{
	int rc = db_step(it->c, it->stmt);

	return rc < 0 ? -1 : rc == SQLITE_ROW;
}

void db_ifaces(struct vctx *c, const char *bridge, struct db_iter *it)
{
	iter_start(c, it, bridge ? S_IF_OF_BR : S_IF_ALL, bridge);
}

int db_ifaces_next(struct db_iter *it, struct iface *ifc)
{
	int rc = iter_step(it);

	if (rc == 1)
		db_iface_from_row(it->stmt, ifc);
	return rc;
}

void db_iface_names(struct vctx *c, const char *bridge, struct db_iter *it)
{
	iter_start(c, it, S_IF_NAMES_OF_BR, bridge);
}

int db_iface_names_next(struct db_iter *it, const char **name, const char **kname)
{
	int rc = iter_step(it);

	if (rc == 1) {
		*name = (const char *)sqlite3_column_text(it->stmt, 0);
		*kname = (const char *)sqlite3_column_text(it->stmt, 1);
	}
	return rc;
}

void db_backer_users(struct vctx *c, const char *kname, struct db_iter *it)
{
	iter_start(c, it, S_IF_BACKER_USERS, kname);
}

int db_backer_users_next(struct db_iter *it, const char **name)
{
	int rc = iter_step(it);

	if (rc == 1)
		*name = (const char *)sqlite3_column_text(it->stmt, 0);
	return rc;
}

static int name_col(struct vctx *c, sqlite3_stmt *st, char *other, size_t len)
{
	int rc = db_step(c, st);

	if (rc < 0)
		return -1;
	if (rc != SQLITE_ROW)
		return 0;
	text_col(st, 0, other, len);
	return 1;
}

/* Another interface with dp_port_request port_no: 1 (its name in other), 0, -1. */
int db_port_request_user(struct vctx *c, long port_no, const char *except, char *other,
			 size_t len)
{
	sqlite3_stmt *st = db_stmt(c, S_IF_PORT_REQ);

	sqlite3_bind_int64(st, 1, port_no);
	sqlite3_bind_text(st, 2, except, -1, SQLITE_STATIC);
	return name_col(c, st, other, len);
}

/* The oldest other tunnel on ifc's backer with ifc's tunnel match: 1, 0, -1. */
int db_same_tunnel(struct vctx *c, const struct iface *ifc, char *other, size_t len,
		   int64_t *other_id)
{
	sqlite3_stmt *st = db_stmt(c, S_IF_DUP_TNL);
	int rc;

	sqlite3_bind_text(st, 1, ifc->kname, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ifc->tnl_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ifc->name, -1, SQLITE_STATIC);
	rc = name_col(c, st, other, len);
	if (rc == 1)
		*other_id = sqlite3_column_int64(st, 1);
	return rc;
}

/* A tunnel on ifc's backer with another backer configuration (GBP or not): 1, 0, -1. */
int db_other_backer_cfg(struct vctx *c, const struct iface *ifc, char *other, size_t len)
{
	for (int lt = 0; lt < 2; lt++) {
		sqlite3_stmt *st = db_stmt(c, lt ? S_IF_CFG_LT : S_IF_CFG_GT);
		int rc;

		sqlite3_bind_text(st, 1, ifc->kname, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, ifc->backer_cfg, -1, SQLITE_STATIC);
		rc = name_col(c, st, other, len);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- bridges' fail_mode and the recorded flows ---- */

int db_bridge_fail_mode(struct vctx *c, const char *br, char *buf, size_t len)
{
	sqlite3_stmt *st = db_stmt(c, S_BR_FAIL_MODE);

	sqlite3_bind_text(st, 1, br, -1, SQLITE_STATIC);
	return name_col(c, st, buf, len);
}

int db_bridge_secure(struct vctx *c, const char *br)
{
	char mode[16];
	int rc = db_bridge_fail_mode(c, br, mode, sizeof(mode));

	return rc < 0 ? -1 : rc == 1 && !strcmp(mode, "secure");
}

int db_bridge_set_fail_mode(struct vctx *c, const char *br, const char *mode)
{
	sqlite3_stmt *st = db_stmt(c, S_BR_SET_FAIL_MODE);

	sqlite3_bind_text(st, 1, br, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, mode, -1, SQLITE_STATIC);
	return db_step(c, st) < 0 ? -1 : 0;
}

void db_patch_ifaces(struct vctx *c, const char *br, struct db_iter *it)
{
	iter_start(c, it, S_IF_PATCH_OF_BR, br);
}

int db_flow_count(struct vctx *c, const char *br)
{
	sqlite3_stmt *st = db_stmt(c, S_FL_COUNT_BR);
	int rc;

	sqlite3_bind_text(st, 1, br, -1, SQLITE_STATIC);
	rc = db_step(c, st);
	return rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
}

int db_flow_old_domain_bridges(struct vctx *c, const char *br, struct strset *out)
{
	sqlite3_stmt *st = db_stmt(c, S_FL_OLD_DOMAIN);

	sqlite3_bind_text(st, 1, br, -1, SQLITE_STATIC);
	return name_rows(c, st, out);
}

static void blob_col(sqlite3_stmt *st, int i, struct ovsnl_bytes *b)
{
	size_t len = (size_t)sqlite3_column_bytes(st, i);
	const void *p = sqlite3_column_blob(st, i);

	b->data = xmalloc(len ? len : 1);
	b->cap = b->len = len;
	if (len)
		memcpy(b->data, p, len);
}

static int flow_rows(struct vctx *c, sqlite3_stmt *st, struct flowset *out)
{
	int rc;

	while ((rc = db_step(c, st)) == SQLITE_ROW) {
		struct flow *f = flowset_add(out);

		if (sqlite3_column_bytes(st, 0) == OVSNL_UFID_LEN)
			memcpy(f->ufid, sqlite3_column_blob(st, 0), OVSNL_UFID_LEN);
		text_col(st, 1, f->bridge, sizeof(f->bridge));
		text_col(st, 2, f->iface, sizeof(f->iface));
		text_col(st, 3, f->domain, sizeof(f->domain));
		blob_col(st, 4, &f->key);
		blob_col(st, 5, &f->mask);
		blob_col(st, 6, &f->actions);
	}
	return rc < 0 ? -1 : 0;
}

int db_flows_of_bridges(struct vctx *c, const struct strset *brs, struct flowset *out)
{
	size_t i;

	for (i = 0; i < brs->n; i++) {
		sqlite3_stmt *st = db_stmt(c, S_FL_OF_BR);

		sqlite3_bind_text(st, 1, brs->v[i], -1, SQLITE_STATIC);
		if (flow_rows(c, st, out))
			return -1;
	}
	flowset_sort(out);
	return 0;
}

int db_flows_all(struct vctx *c, struct flowset *out)
{
	if (flow_rows(c, db_stmt(c, S_FL_ALL), out))
		return -1;
	flowset_sort(out);
	return 0;
}

int db_flow_put(struct vctx *c, const struct flow *f)
{
	sqlite3_stmt *st = db_stmt(c, S_FL_PUT);

	sqlite3_bind_blob(st, 1, f->ufid, OVSNL_UFID_LEN, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->bridge, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->iface, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->domain, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, f->key.data, (int)f->key.len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 6, f->mask.data, (int)f->mask.len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 7, f->actions.len ? f->actions.data : "", (int)f->actions.len,
			  SQLITE_STATIC);
	return db_step(c, st) < 0 ? -1 : 0;
}

int db_flow_del(struct vctx *c, const uint8_t ufid[OVSNL_UFID_LEN])
{
	sqlite3_stmt *st = db_stmt(c, S_FL_DEL);

	sqlite3_bind_blob(st, 1, ufid, OVSNL_UFID_LEN, SQLITE_STATIC);
	return db_step(c, st) < 0 ? -1 : 0;
}

int db_flow_del_all(struct vctx *c)
{
	return db_step(c, db_stmt(c, S_FL_DEL_ALL)) < 0 ? -1 : 0;
}

int db_backer_used_on(struct vctx *c, const char *kname, const char *br)
{
	sqlite3_stmt *st = db_stmt(c, S_IF_KNAME_ON_BR);
	int rc;

	sqlite3_bind_text(st, 1, kname, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, br, -1, SQLITE_STATIC);
	rc = db_step(c, st);
	return rc < 0 ? -1 : rc == SQLITE_ROW;
}

/* ---- the string maps: external_ids, other_config ---- */

static void map_decode(const char *p, struct smap *m)
{
	while (p && *p) {
		const char *eq = strchr(p, '='), *nl = strchr(p, '\n');
		if (!eq || !nl || eq > nl)
			break;
		char *k = xstrdup(p), *v;
		k[eq - p] = '\0';
		v = k + (eq - p) + 1;
		v[nl - eq - 1] = '\0';
		smap_set(m, k, v);
		free(k);
		p = nl + 1;
	}
}

int db_map_get(struct vctx *c, enum map_col col, const char *name, struct smap *m)
{
	sqlite3_stmt *st = db_stmt(c, S_MAP_GET + col);
	int rc;

	smap_init(m);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = db_step(c, st);
	if (rc < 0)
		return -1;
	if (rc != SQLITE_ROW)
		return 0;
	map_decode((const char *)sqlite3_column_text(st, 0), m);
	return 1;
}

/* An interface's four maps in one query (show): MAP_IF_EXTERNAL_IDS... MAP_PORT_OTHER_CONFIG. */
void db_ifaces_maps(struct vctx *c, const char *bridge, struct db_iter *it)
{
	iter_start(c, it, S_IF_MAPS, bridge);
}

/* The row's maps follow its IF_COLS: the statement is S_IF_OF_BR's plus four columns. */
int db_ifaces_maps_next(struct db_iter *it, struct iface *ifc, struct smap m[4])
{
	int rc = db_ifaces_next(it, ifc);

	for (int i = 0; i < 4; i++) {
		smap_init(&m[i]);
		if (rc == 1)
			map_decode((const char *)sqlite3_column_text(it->stmt, 10 + i), &m[i]);
	}
	return rc;
}

int db_map_put(struct vctx *c, enum map_col col, const char *name, const struct smap *m)
{
	sqlite3_stmt *st = db_stmt(c, S_MAP_PUT + col);
	size_t len = 1, n = 0;
	char *buf;
	int rc;

	for (size_t i = 0; i < m->n; i++)
		len += strlen(m->k[i]) + strlen(m->v[i]) + 2;
	buf = xmalloc(len);
	buf[0] = '\0';
	for (size_t i = 0; i < m->n; i++)
		n += snprintf(buf + n, len - n, "%s=%s\n", m->k[i], m->v[i]);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, buf, -1, SQLITE_STATIC);
	rc = db_step(c, st) < 0 ? -1 : 0;
	free(buf);
	return rc;
}
