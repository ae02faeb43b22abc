//! Times inserting the link rows of a finished inspection (read from its database) into a
//! fresh database with the same `links` table and index, through sqlx as xunjian does:
//! (a) one INSERT per row, one transaction per 256 pages (what the store does today);
//! (b) multi-row INSERTs of 400 rows, same transactions.
//!
//! usage: storebench SOURCE.db SCRATCH_DIR

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Row, Sqlite, SqlitePool};
use std::str::FromStr;
use std::time::Instant;

type Link = (i64, String, String, String, String, String, i64, bool, Option<String>, Option<String>, bool);

const SCHEMA: &str = "CREATE TABLE links (run_id INTEGER NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    tag TEXT NOT NULL, text TEXT NOT NULL, snippet TEXT NOT NULL, position INTEGER NOT NULL, internal INTEGER NOT NULL,
    invalid TEXT, fragment TEXT, exit_notice INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX links_run ON links(run_id, source);";

async fn open(path: &str) -> SqlitePool {
    open_with(path, &[], SCHEMA).await
}

async fn open_with(path: &str, pragmas: &[(&'static str, &'static str)], schema: &'static str) -> SqlitePool {
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(format!("{path}-wal"));
    let _ = std::fs::remove_file(format!("{path}-shm"));
    let opts = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))
        .unwrap()
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal);
    let opts = pragmas.iter().fold(opts, |o, (k, v)| o.pragma(*k, *v));
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(opts).await.unwrap();
    sqlx::raw_sql(schema).execute(&pool).await.unwrap();
    pool
}

async fn multi_row(pool: &SqlitePool, rows: &[Link], per_tx: usize) {
    for chunk in rows.chunks(per_tx) {
        let mut tx = pool.begin().await.unwrap();
        for part in chunk.chunks(400) {
            let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO links (run_id, source, target, tag, text, snippet, position, internal, invalid, fragment, exit_notice) ",
            );
            qb.push_values(part, |mut b, l| {
                b.push_bind(l.0).push_bind(&l.1).push_bind(&l.2).push_bind(&l.3).push_bind(&l.4).push_bind(&l.5)
                    .push_bind(l.6).push_bind(l.7).push_bind(&l.8).push_bind(&l.9).push_bind(l.10);
            });
            qb.build().execute(&mut *tx).await.unwrap();
        }
        tx.commit().await.unwrap();
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let src = SqlitePool::connect(&format!("sqlite://{}?mode=ro", args[1])).await.unwrap();
    let t = Instant::now();
    let rows: Vec<Link> = sqlx::query(
        "SELECT run_id, source, target, tag, text, snippet, position, internal, invalid, fragment, exit_notice FROM links",
    )
    .fetch_all(&src)
    .await
    .unwrap()
    .into_iter()
    .map(|r| {
        (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6), r.get(7), r.get(8), r.get(9), r.get(10))
    })
    .collect();
    println!("sqlx fetch_all of {} link rows: {:.2}s", rows.len(), t.elapsed().as_secs_f64());
    let per_tx = 256 * 60;

    let pool = open(&format!("{}/a.db", args[2])).await;
    let t = Instant::now();
    for chunk in rows.chunks(per_tx) {
        let mut tx = pool.begin().await.unwrap();
        for l in chunk {
            sqlx::query(
                "INSERT INTO links (run_id, source, target, tag, text, snippet, position, internal, invalid, fragment, exit_notice)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )
            .bind(l.0).bind(&l.1).bind(&l.2).bind(&l.3).bind(&l.4).bind(&l.5).bind(l.6).bind(l.7).bind(&l.8).bind(&l.9).bind(l.10)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
    println!("(a) one INSERT per row (today): {:.2}s", t.elapsed().as_secs_f64());

    let pool = open(&format!("{}/b.db", args[2])).await;
    let t = Instant::now();
    for chunk in rows.chunks(per_tx) {
        let mut tx = pool.begin().await.unwrap();
        for part in chunk.chunks(400) {
            let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO links (run_id, source, target, tag, text, snippet, position, internal, invalid, fragment, exit_notice) ",
            );
            qb.push_values(part, |mut b, l| {
                b.push_bind(l.0).push_bind(&l.1).push_bind(&l.2).push_bind(&l.3).push_bind(&l.4).push_bind(&l.5)
                    .push_bind(l.6).push_bind(l.7).push_bind(&l.8).push_bind(&l.9).push_bind(l.10);
            });
            qb.build().execute(&mut *tx).await.unwrap();
        }
        tx.commit().await.unwrap();
    }
    println!("(b) multi-row INSERT, 400 rows per statement: {:.2}s", t.elapsed().as_secs_f64());

    let pool = open_with(&format!("{}/c.db", args[2]), &[("cache_size", "-262144")], SCHEMA).await;
    let t = Instant::now();
    multi_row(&pool, &rows, per_tx).await;
    println!("(c) as (b) with cache_size = 256 MiB: {:.2}s", t.elapsed().as_secs_f64());

    let table_only = SCHEMA.split("CREATE INDEX").next().unwrap();
    let pool = open_with(&format!("{}/d.db", args[2]), &[], table_only).await;
    let t = Instant::now();
    multi_row(&pool, &rows, per_tx).await;
    println!("(d) as (b) without the (run_id, source) index: {:.2}s", t.elapsed().as_secs_f64());
}
