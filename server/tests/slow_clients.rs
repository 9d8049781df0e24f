//! Clients that send their request slowly are cut off (`server::serve`), over a real socket;
//! clients at a normal pace are served as always. The timeouts here are short; the server's
//! own are in `Timeouts::default()`.

mod common;

use server::serve::{serve, Timeouts};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TIMEOUTS: Timeouts = Timeouts {
    header: Duration::from_secs(1),
    body: Duration::from_secs(1),
    min_rate: 500,
};

/// Writes `head` at once, then `trickle` a byte every 100 ms (ignoring a closed socket),
/// and reads until the server closes the connection. Returns what it said and when it
/// closed, or None if it was still open after 10 seconds.
async fn send_slowly(
    address: std::net::SocketAddr,
    head: &str,
    trickle: &str,
) -> Option<(String, Duration)> {
    let started = Instant::now();
    let stream = TcpStream::connect(address).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    writer.write_all(head.as_bytes()).await.unwrap();
    let trickle = trickle.as_bytes().to_vec();
    let writing = tokio::spawn(async move {
        for byte in trickle {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if writer.write_all(&[byte]).await.is_err() {
                return;
            }
        }
        // Then hold the connection open without a word.
        tokio::time::sleep(Duration::from_secs(60)).await;
    });
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), async {
        let mut buf = [0u8; 4096];
        loop {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    writing.abort();
    read.ok().map(|()| {
        (
            String::from_utf8_lossy(&answer).into_owned(),
            started.elapsed(),
        )
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_headers_and_slow_bodies_are_cut_off_and_normal_requests_are_served() {
    let app = common::spawn_app().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(serve(listener, app.router.clone(), TIMEOUTS, async {
        let _ = stopped.await;
    }));

    // Headers a byte at a time: the connection is closed once the header time is up.
    let (_, after) = send_slowly(
        address,
        "GET / HTTP/1.1\r\nHost: rights.example\r\n",
        &"X-Slow: 1\r\n".repeat(20),
    )
    .await
    .expect("a request whose headers never end is cut off");
    assert!(after < Duration::from_secs(3), "{after:?}");

    // A body a byte at a time: 408 once it falls behind, and the connection closed.
    let (answer, after) = send_slowly(
        address,
        "POST /api/login HTTP/1.1\r\nHost: rights.example\r\nSec-Fetch-Site: same-origin\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n",
        &"e".repeat(1000),
    )
    .await
    .expect("a body that never ends is cut off");
    assert!(
        answer.starts_with("HTTP/1.1 408"),
        "{answer} after {after:?}"
    );
    assert!(answer.contains("too slowly"), "{answer}");
    assert!(after < Duration::from_secs(4), "{after:?}");

    // At a normal pace: answered, and the connection kept for the next request.
    let mut stream = TcpStream::connect(address).await.unwrap();
    let body = "email=nobody%40example.org&password=wrong+password+here";
    let post = format!(
        "POST /api/login HTTP/1.1\r\nHost: rights.example\r\nSec-Fetch-Site: same-origin\r\n\
         Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\n\r\n{body}GET /healthz HTTP/1.1\r\nHost: rights.example\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(post.as_bytes()).await.unwrap();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_string(&mut answer))
        .await
        .expect("answered")
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 422"), "{answer}");
    assert!(answer.contains("do not match an account"), "{answer}");
    assert_eq!(answer.matches("HTTP/1.1 ").count(), 2, "{answer}");
    assert!(answer.contains("HTTP/1.1 200"), "{answer}");

    // Shutting down ends the server.
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), serving)
        .await
        .expect("the server stops")
        .unwrap();
}
