package io.switchboard.auth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Public keys from PEM text; failures are configuration errors that name the key. */
final class PemKeys {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    // AlgorithmIdentifier for rsaEncryption, to wrap a PKCS#1 key as SubjectPublicKeyInfo.
    private static final byte[] RSA_ALGORITHM_ID = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemKeys() {
    }

    static RSAPublicKey rsa(String pem) {
        if (parse(pem, "RSA", "RSA public key") instanceof RSAPublicKey key) {
            return key;
        }
        throw new IllegalArgumentException("RSA public key: the PEM does not hold an RSA key");
    }

    static ECPublicKey ecdsa(String pem) {
        if (parse(pem, "EC", "ECDSA public key") instanceof ECPublicKey key) {
            curveBits(key);
            return key;
        }
        throw new IllegalArgumentException("ECDSA public key: the PEM does not hold an EC key");
    }

    /** 256, 384 or 521 for the NIST curves that ES256, ES384 and ES512 use. */
    static int curveBits(ECPublicKey key) {
        ECParameterSpec params = key.getParams();
        for (String curve : new String[] {"secp256r1", "secp384r1", "secp521r1"}) {
            try {
                AlgorithmParameters named = AlgorithmParameters.getInstance("EC");
                named.init(new ECGenParameterSpec(curve));
                ECParameterSpec spec = named.getParameterSpec(ECParameterSpec.class);
                if (spec.getCurve().equals(params.getCurve()) && spec.getOrder().equals(params.getOrder())) {
                    return spec.getCurve().getField().getFieldSize();
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("JDK lacks curve " + curve, e);
            }
        }
        throw new IllegalArgumentException("ECDSA public key: the curve must be P-256, P-384 or P-521");
    }

    private static PublicKey parse(String pem, String keyAlgorithm, String what) {
        Matcher block = BLOCK.matcher(pem);
        if (!block.find()) {
            throw new IllegalArgumentException(what + ": no PEM block found");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(block.group(2).replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": the PEM body is not valid base64", e);
        }
        if (block.group(1).equals("RSA PUBLIC KEY")) {
            der = subjectPublicKeyInfo(der);
        }
        try {
            return KeyFactory.getInstance(keyAlgorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException notSpki) {
            try {
                // Centrifugo also takes the key out of a certificate.
                return CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
            } catch (GeneralSecurityException notCertificate) {
                throw new IllegalArgumentException(what + ": not a valid " + keyAlgorithm + " public key or certificate",
                        notSpki);
            }
        }
    }

    private static byte[] subjectPublicKeyInfo(byte[] pkcs1) {
        byte[] bitString = new byte[pkcs1.length + 1];
        System.arraycopy(pkcs1, 0, bitString, 1, pkcs1.length);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(RSA_ALGORITHM_ID);
        body.writeBytes(der(0x03, bitString));
        return der(0x30, body.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
