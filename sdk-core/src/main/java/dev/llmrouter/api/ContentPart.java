package dev.llmrouter.api;

import java.util.Objects;

/**
 * One part of a message's content: text, or an image given by URL or as base64 data. Immutable and
 * thread-safe. The parts are records: a new kind of content is a new permitted part, not a new
 * field.
 */
public sealed interface ContentPart permits ContentPart.Text, ContentPart.Image {

    /** A text part. */
    static Text text(String text) {
        return new Text(text);
    }

    /** An image the server fetches from {@code url} (an {@code http(s):} or {@code data:} URL). */
    static Image imageUrl(String url) {
        return new Image(url, null, null, null);
    }

    /** An image given inline as base64 data of the given media type (for example {@code image/png}). */
    static Image imageBase64(String mediaType, String base64Data) {
        return new Image(null, mediaType, base64Data, null);
    }

    /** Plain text. */
    record Text(String text) implements ContentPart {
        /** @throws NullPointerException when {@code text} is null */
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * An image: either {@link #url()} is set, or {@link #mediaType()} and {@link #base64Data()} are.
     * {@code detail} is OpenAI's optional {@code low|high|auto} hint.
     */
    record Image(String url, String mediaType, String base64Data, String detail) implements ContentPart {
        /** @throws IllegalArgumentException unless exactly one of URL or base64 data is given */
        public Image {
            boolean hasUrl = url != null && !url.isEmpty();
            boolean hasData = base64Data != null && !base64Data.isEmpty();
            if (hasUrl == hasData) {
                throw new IllegalArgumentException("an image part needs either a url or base64 data, not both and not neither");
            }
            if (hasData && (mediaType == null || mediaType.isEmpty())) {
                throw new IllegalArgumentException("a base64 image part needs a media type such as image/png");
            }
        }

        /** Returns a copy with OpenAI's {@code detail} hint ({@code low}, {@code high} or {@code auto}). */
        public Image withDetail(String detail) {
            return new Image(url, mediaType, base64Data, detail);
        }

        /**
         * The image as a URL: the URL itself, or a {@code data:} URL built from the base64 data
         * (what OpenAI-compatible servers accept).
         */
        public String asUrl() {
            return url != null ? url : "data:" + mediaType + ";base64," + base64Data;
        }

        @Override
        public String toString() {
            // base64 data can be megabytes; never dump it into logs
            return url != null ? "Image[url=" + url + "]" : "Image[" + mediaType + ", " + base64Data.length() + " base64 chars]";
        }
    }
}
