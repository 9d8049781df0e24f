//! Featured images for the demo content, drawn at seed time (no network): a soft gradient in
//! the section's colours with a few shapes, as a small JPEG.

use image::{codecs::jpeg::JpegEncoder, ImageBuffer, Rgb};
use std::path::Path;

pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 450;

/// Draws image number `seed` in colours `from` → `to` and writes it to `path` (skipped if
/// the file is already there).
pub fn write(path: &Path, seed: u32, from: [u8; 3], to: [u8; 3]) -> std::io::Result<()> {
    if path.exists() {
        return Ok(());
    }
    let circles: Vec<(f32, f32, f32)> = (0..4)
        .map(|i| {
            let h = hash(seed * 7 + i);
            (
                (h % WIDTH) as f32,
                ((h / WIDTH) % HEIGHT) as f32,
                40.0 + (h % 140) as f32,
            )
        })
        .collect();
    let img = ImageBuffer::from_fn(WIDTH, HEIGHT, |x, y| {
        let t = (x as f32 / WIDTH as f32) * 0.6 + (y as f32 / HEIGHT as f32) * 0.4;
        let mut px = [0f32; 3];
        for c in 0..3 {
            px[c] = from[c] as f32 * (1.0 - t) + to[c] as f32 * t;
        }
        for (cx, cy, r) in &circles {
            let d2 = (x as f32 - cx).powi(2) + (y as f32 - cy).powi(2);
            if d2 < r * r {
                for v in &mut px {
                    *v = *v * 0.82 + 255.0 * 0.18;
                }
            }
        }
        if (x + y + seed * 13) % 90 < 3 {
            for v in &mut px {
                *v *= 0.9;
            }
        }
        Rgb(px.map(|v| v.clamp(0.0, 255.0) as u8))
    });
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    JpegEncoder::new_with_quality(&mut out, 72)
        .encode_image(&img)
        .map_err(std::io::Error::other)
}

fn hash(mut x: u32) -> u32 {
    x ^= x >> 16;
    x = x.wrapping_mul(0x7feb_352d);
    x ^= x >> 15;
    x = x.wrapping_mul(0x846c_a68b);
    x ^ (x >> 16)
}
