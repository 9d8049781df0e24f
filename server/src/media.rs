//! Uploads to the media library: `POST /admin/media/upload` (multipart; editors and up).
//!
//! The file's type is decided by its content (JPEG, PNG, WebP or GIF), never by its name.
//! It is decoded with limits and encoded again, so nothing but the pixels survives: EXIF
//! (with GPS positions, camera serial numbers, the photographer's name), XMP and comments
//! are gone. Camera rotation is applied first, so the picture still stands the right way up.
//! Photos become JPEG (quality 85); pictures with transparency, PNG. At most 10 MiB in, and at
//! most 2,400 px wide out.

use app::{components::FormEcho, error::AppError, state::AppState};
use axum::{
    extract::{Multipart, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use std::io::Cursor;

/// The largest file accepted.
pub const MAX_UPLOAD: usize = 10 * 1024 * 1024;
/// The request limit on the upload route: the file and the form around it.
pub const UPLOAD_BODY_LIMIT: usize = MAX_UPLOAD + 64 * 1024;
const MAX_WIDTH: u32 = 2_400;
pub const UPLOAD_PATH: &str = "/admin/media/upload";

/// An image ready to store.
#[derive(Debug)]
pub struct Processed {
    pub bytes: Vec<u8>,
    pub extension: &'static str,
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
}

/// The most pixels an upload may have: 50 megapixels (a 45-megapixel camera's photos pass).
/// A compressed file of 1 MB can claim 12,000 × 12,000 pixels and need gigabytes to decode.
pub const MAX_PIXELS: u64 = 50_000_000;
/// The most memory one decoded image may take: 50 megapixels of 8-bit colour with
/// transparency (200 MB) fit; 16-bit colour fits up to about 33 megapixels.
pub const MAX_DECODED_BYTES: u64 = 256 * 1024 * 1024;

/// Decodes an upload (type by content) and encodes it again without any metadata. The size
/// is read from the file's header and refused before anything is decoded.
pub fn reencode(data: &[u8]) -> Result<Processed, String> {
    if data.len() > MAX_UPLOAD {
        return Err("The file is over 10 MiB; make it smaller and try again.".into());
    }
    let reader = ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .map_err(|_| "That file could not be read.".to_string())?;
    match reader.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif) => {}
        _ => return Err("Upload a JPEG, PNG, WebP or GIF image.".into()),
    }
    // The decoder's own limits (it is told them before it reads past the header); the
    // decoded image itself is checked below, before any pixel is read.
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    let mut reader = reader;
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|_| "That image could not be read.".to_string())?;
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(format!(
            "The image is {width} × {height} pixels ({} megapixels); the most is {} megapixels. \
             Make it smaller and try again.",
            pixels.div_ceil(1_000_000),
            MAX_PIXELS / 1_000_000
        ));
    }
    if decoder.total_bytes() > MAX_DECODED_BYTES {
        return Err(
            "The image has too much colour detail to read at this size (16 bits per channel). \
             Save it with 8-bit colour, or make it smaller, and try again."
                .into(),
        );
    }
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder)
        .map_err(|_| "That image is damaged or too large to read.".to_string())?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    if image.width() >= 2 * MAX_WIDTH {
        // Shrinking by two or more: area averaging, which reads the pixels once. A filtered
        // resize keeps a copy in 32-bit floats at the full width (230 MB more for a
        // 48-megapixel photo, on top of its 144 MB).
        image = image.thumbnail(MAX_WIDTH, u32::MAX);
    } else if image.width() > MAX_WIDTH {
        image = image.resize(MAX_WIDTH, u32::MAX, image::imageops::FilterType::Triangle);
    }
    let (width, height) = (image.width(), image.height());
    let mut out = Vec::new();
    if image.color().has_alpha() {
        image
            .to_rgba8()
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .map_err(|e| format!("encoding: {e}"))?;
        Ok(Processed {
            bytes: out,
            extension: "png",
            mime: "image/png",
            width,
            height,
        })
    } else {
        let rgb = image.to_rgb8();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
            .encode_image(&rgb)
            .map_err(|e| format!("encoding: {e}"))?;
        Ok(Processed {
            bytes: out,
            extension: "jpg",
            mime: "image/jpeg",
            width,
            height,
        })
    }
}

/// The upload form, read.
#[derive(Default)]
struct Upload {
    file: Option<Vec<u8>>,
    alt: String,
    caption: String,
    credit: String,
}

pub async fn upload(
    State(state): State<AppState>,
    auth: app::auth::AuthSession,
    request: axum::extract::Request,
) -> Response {
    let (parts, body) = request.into_parts();
    // Who: editors and up.
    let role = auth
        .user
        .as_ref()
        .and_then(|u| app::domain::roles::Role::parse(&u.row.role));
    if let Err(error) = app::api::access::check(
        app::api::access::Access::Can(app::domain::roles::Capability::ManageMedia),
        role,
    ) {
        return refuse(&state, &parts, Upload::default(), error).await;
    }
    let request = axum::extract::Request::from_parts(parts.clone(), body);
    let mut multipart =
        match <Multipart as axum::extract::FromRequest<()>>::from_request(request, &()).await {
            Ok(m) => m,
            Err(_) => {
                return refuse(
                    &state,
                    &parts,
                    Upload::default(),
                    AppError::BadRequest("expected a multipart form".into()),
                )
                .await;
            }
        };
    let mut form = Upload::default();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                let Ok(bytes) = field.bytes().await else {
                    return refuse(
                        &state,
                        &parts,
                        form,
                        AppError::validation(
                            "file",
                            "The file is over 10 MiB; make it smaller and try again.",
                        ),
                    )
                    .await;
                };
                let text = || {
                    String::from_utf8_lossy(&bytes)
                        .chars()
                        .take(500)
                        .collect::<String>()
                };
                match name.as_str() {
                    "file" if !bytes.is_empty() => form.file = Some(bytes.to_vec()),
                    "alt" => form.alt = app::domain::editorial::tidy_line(&text()),
                    "caption" => form.caption = app::domain::editorial::tidy_line(&text()),
                    "credit" => form.credit = app::domain::editorial::tidy_line(&text()),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(_) => {
                return refuse(
                    &state,
                    &parts,
                    form,
                    AppError::validation(
                        "file",
                        "The file is over 10 MiB, or the upload broke off; try again.",
                    ),
                )
                .await;
            }
        }
    }
    if form.alt.is_empty() {
        return refuse(
            &state,
            &parts,
            form,
            AppError::validation("alt", "Describe the image for people who cannot see it."),
        )
        .await;
    }
    let Some(data) = form.file.take() else {
        return refuse(
            &state,
            &parts,
            form,
            AppError::validation("file", "Choose an image to upload."),
        )
        .await;
    };
    // Decoding takes a core and up to `MAX_DECODED_BYTES` (plus the resized copy): one at a
    // time per core, the rest wait their turn.
    let Ok(_turn) = decode_turns().acquire().await else {
        return refuse(&state, &parts, form, AppError::Internal).await;
    };
    let processed = match tokio::task::spawn_blocking(move || reencode(&data)).await {
        Ok(Ok(p)) => p,
        Ok(Err(message)) => {
            return refuse(&state, &parts, form, AppError::validation("file", message)).await
        }
        Err(_) => return refuse(&state, &parts, form, AppError::Internal).await,
    };
    let now = app::db::now();
    let date = app::domain::Date::from_timestamp(now);
    let salt = argon2::password_hash::generate_salt();
    let name = format!(
        "{:04}-{:02}-{}.{}",
        date.year(),
        date.month(),
        salt[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>(),
        processed.extension
    );
    if let Err(e) = tokio::fs::create_dir_all(&*state.media_dir).await {
        tracing::error!(error = %e, "creating the media folder");
        return refuse(&state, &parts, form, AppError::Internal).await;
    }
    if let Err(e) = tokio::fs::write(state.media_dir.join(&name), &processed.bytes).await {
        tracing::error!(error = %e, "writing an upload");
        return refuse(&state, &parts, form, AppError::Internal).await;
    }
    let user_id = auth.user.as_ref().map(|u| u.row.id);
    let new = app::db::media::NewMedia {
        file_name: &name,
        mime: processed.mime,
        width: processed.width,
        height: processed.height,
        alt: &form.alt,
        caption: &form.caption,
        credit: &form.credit,
        uploaded_by: user_id,
    };
    match app::db::media::insert(&state.pool, &new, now).await {
        Ok(id) => {
            tracing::info!(media = id, bytes = processed.bytes.len(), "image uploaded");
            (
                StatusCode::SEE_OTHER,
                [(header::LOCATION, format!("/admin/media?uploaded={id}"))],
            )
                .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "saving an upload");
            let _ = tokio::fs::remove_file(state.media_dir.join(&name)).await;
            refuse(&state, &parts, form, AppError::Internal).await
        }
    }
}

/// One decode per core at a time.
fn decode_turns() -> &'static tokio::sync::Semaphore {
    static TURNS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    TURNS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        tokio::sync::Semaphore::new(cores)
    })
}

/// The media page again, with the message next to the field and what was typed.
async fn refuse(
    state: &AppState,
    parts: &axum::http::request::Parts,
    form: Upload,
    error: AppError,
) -> Response {
    let echo = FormEcho {
        action: UPLOAD_PATH.to_owned(),
        values: vec![
            ("alt".into(), form.alt),
            ("caption".into(), form.caption),
            ("credit".into(), form.credit),
        ],
        error,
    };
    crate::forms::render_with_echo(state, parts, "/admin/media", echo, None).await
}

/// For tests: a JPEG with an EXIF block holding a GPS position (48°51'30" N), as phones
/// write them.
#[doc(hidden)]
pub fn jpeg_with_gps() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
        .encode_image(&img)
        .unwrap();
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    // IFD0: one entry, GPSInfo → the GPS IFD at 26.
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x8825u16.to_le_bytes());
    tiff.extend(4u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(26u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    // GPS IFD: latitude ref "N" and latitude 48/1, 51/1, 30/1 (data at 56).
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(2u32.to_le_bytes());
    tiff.extend(b"N\0\0\0");
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(5u16.to_le_bytes());
    tiff.extend(3u32.to_le_bytes());
    tiff.extend(56u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    for v in [48u32, 51, 30] {
        tiff.extend(v.to_le_bytes());
        tiff.extend(1u32.to_le_bytes());
    }
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    let mut out = plain[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((payload.len() + 2) as u16).to_be_bytes());
    out.extend(payload);
    out.extend(&plain[2..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_photo_with_gps_comes_out_without_any_metadata() {
        let input = jpeg_with_gps();
        assert!(contains(&input, b"Exif\0\0"));
        let out = reencode(&input).unwrap();
        assert_eq!((out.mime, out.width, out.height), ("image/jpeg", 64, 48));
        assert!(!contains(&out.bytes, b"Exif"), "EXIF survived");
        // No APP1 segment at all (0xFF 0xE1 cannot occur inside JPEG scan data).
        assert!(
            !contains(&out.bytes, &[0xFF, 0xE1]),
            "an APP1 segment survived"
        );
        assert_eq!(image::guess_format(&out.bytes).unwrap(), ImageFormat::Jpeg);
    }

    /// A PNG whose header says `width` × `height` pixels of 16-bit colour with transparency,
    /// followed by a few rows of compressed zeros: a file of a few hundred bytes.
    fn png_claiming(width: u32, height: u32) -> Vec<u8> {
        use std::io::Write;
        fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
            out.extend((data.len() as u32).to_be_bytes());
            let mut crc = flate2::Crc::new();
            crc.update(kind);
            crc.update(data);
            out.extend(kind);
            out.extend(data);
            out.extend(crc.sum().to_be_bytes());
        }
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut header = Vec::new();
        header.extend(width.to_be_bytes());
        header.extend(height.to_be_bytes());
        header.extend([16, 6, 0, 0, 0]);
        chunk(&mut png, b"IHDR", &header);
        let mut rows = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        rows.write_all(&vec![0u8; (width as usize * 8 + 1) * 4])
            .unwrap();
        chunk(&mut png, b"IDAT", &rows.finish().unwrap());
        chunk(&mut png, b"IEND", &[]);
        png
    }

    #[test]
    fn a_small_file_of_huge_dimensions_is_refused_before_decoding() {
        let bomb = png_claiming(12_000, 12_000);
        assert!(bomb.len() < 2_000, "{} bytes", bomb.len());
        let started = std::time::Instant::now();
        let refused = reencode(&bomb).unwrap_err();
        assert!(
            refused.contains("12000 × 12000 pixels (144 megapixels)"),
            "{refused}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        // Within the pixel limit, but 16-bit colour over the memory limit: 6,000 × 6,000 × 8.
        let deep = reencode(&png_claiming(6_000, 6_000)).unwrap_err();
        assert!(deep.contains("8-bit colour"), "{deep}");
    }

    #[test]
    fn wide_images_come_out_2400_pixels_wide_with_their_proportions() {
        for (width, height, out_height) in [(6_000, 300, 120), (3_000, 300, 240), (2_000, 300, 300)]
        {
            let photo = image::RgbImage::from_fn(width, height, |x, y| {
                image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
            });
            let mut jpeg = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
                .encode_image(&photo)
                .unwrap();
            let out = reencode(&jpeg).unwrap();
            assert_eq!(
                (out.width, out.height),
                (width.min(MAX_WIDTH), out_height),
                "{width} × {height}"
            );
        }
    }

    #[test]
    fn the_type_is_decided_by_content_not_name() {
        assert!(reencode(b"GIF89a but not really").is_err());
        assert!(reencode(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
            .unwrap_err()
            .contains("JPEG, PNG"));
        assert!(reencode(&vec![0u8; MAX_UPLOAD + 1])
            .unwrap_err()
            .contains("10 MiB"));
        // Transparency is kept, as PNG.
        let rgba = image::RgbaImage::from_pixel(10, 10, image::Rgba([0, 0, 0, 0]));
        let mut png = Vec::new();
        rgba.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        assert_eq!(reencode(&png).unwrap().mime, "image/png");
    }
}
