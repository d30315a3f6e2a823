package io.xipkit.tools.sign;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough DER (ITU-T X.690 section 10, definite lengths) to read and write the key
 * containers imgtool uses: PKCS#8 PrivateKeyInfo (RFC 5208), SEC 1 ECPrivateKey (RFC 5915) and
 * SubjectPublicKeyInfo (RFC 5280).
 */
final class Der {
    static final int INTEGER = 0x02, BIT_STRING = 0x03, OCTET_STRING = 0x04, OID = 0x06, SEQUENCE = 0x30;

    /** One element: its tag and content bytes. */
    record Element(int tag, byte[] content) {
        List<Element> children() throws SignException {
            return parseAll(content);
        }
    }

    private Der() {}

    static List<Element> parseAll(byte[] der) throws SignException {
        List<Element> out = new ArrayList<>();
        int p = 0;
        while (p < der.length) {
            if (p + 2 > der.length) throw bad();
            int tag = der[p++] & 0xFF;
            int len = der[p++] & 0xFF;
            if (len >= 0x80) {
                int n = len & 0x7F;
                if (n == 0 || n > 3 || p + n > der.length) throw bad();
                len = 0;
                for (int i = 0; i < n; i++) len = len << 8 | der[p++] & 0xFF;
            }
            if (p + len > der.length) throw bad();
            out.add(new Element(tag, Arrays.copyOfRange(der, p, p + len)));
            p += len;
        }
        return out;
    }

    static Element parseOne(byte[] der) throws SignException {
        List<Element> all = parseAll(der);
        if (all.size() != 1) throw bad();
        return all.get(0);
    }

    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) content.writeBytes(p);
        int len = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static SignException bad() {
        return new SignException("malformed key: bad DER encoding");
    }
}
