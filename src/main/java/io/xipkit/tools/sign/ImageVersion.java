package io.xipkit.tools.sign;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version field of an MCUboot image header: major (u8), minor (u8), revision (u16), build
 * number (u32). MCUboot docs/design.md "Image format" (struct image_version); the text form
 * {@code maj.min.rev+build}, later parts optional and no leading zeros, is docs/imgtool.md's.
 */
public record ImageVersion(int major, int minor, int revision, long build) {
    private static final Pattern TEXT =
            Pattern.compile("(0|[1-9]\\d*)(?:\\.(0|[1-9]\\d*)(?:\\.(0|[1-9]\\d*)(?:\\+(0|[1-9]\\d*))?)?)?");

    public ImageVersion {
        if (major < 0 || major > 0xFF || minor < 0 || minor > 0xFF || revision < 0 || revision > 0xFFFF
                || build < 0 || build > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("version part out of range");
        }
    }

    /** Parses {@code 1}, {@code 1.2}, {@code 1.2.3} or {@code 1.2.3+4}. */
    public static ImageVersion parse(String text) throws SignException {
        Matcher m = TEXT.matcher(text);
        if (m.matches()) {
            try {
                return new ImageVersion(part(m.group(1)), part(m.group(2)), part(m.group(3)),
                        m.group(4) == null ? 0 : Long.parseLong(m.group(4)));
            } catch (IllegalArgumentException e) {
                // falls through to the message below
            }
        }
        throw new SignException("invalid version '" + text
                + "': expected maj.min.rev+build (later parts optional; at most 255.255.65535+4294967295)");
    }

    private static int part(String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + revision + "+" + build;
    }
}
