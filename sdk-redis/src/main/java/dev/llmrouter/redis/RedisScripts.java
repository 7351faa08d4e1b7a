package dev.llmrouter.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The Lua scripts, each run with EVALSHA by its SHA-1. A NOSCRIPT answer (the script cache is empty
 * after a restart or a failover, and on a Cluster node that never ran it; Jedis does not recover by
 * itself) is answered with one EVAL of the whole text, which runs it and caches it on that node.
 * Immutable and thread-safe.
 */
final class RedisScripts {
    /** One script: its text (the shared helpers prepended) and SHA-1. */
    record Script(String name, String text, String sha) {
    }

    final Script admit;
    final Script settle;
    final Script forget;
    final Script view;
    final Script group;
    final Script cachePut;

    RedisScripts() {
        String common = read("common.lua");
        this.admit = script("admit", common);
        this.settle = script("settle", common);
        this.forget = script("forget", common);
        this.view = script("view", common);
        this.group = script("group", common);
        this.cachePut = script("cache_put", common);
    }

    /** Runs {@code script} on the node owning {@code keys} (EVALSHA, then EVAL on NOSCRIPT). */
    static Object run(UnifiedJedis jedis, Script script, List<String> keys, List<String> args) {
        try {
            return jedis.evalsha(script.sha(), keys, args);
        } catch (JedisNoScriptException missing) {
            return jedis.eval(script.text(), keys, args);
        }
    }

    private static Script script(String name, String common) {
        String text = common + "\n" + read(name + ".lua");
        return new Script(name, text, sha1(text));
    }

    private static String read(String file) {
        try (InputStream in = RedisScripts.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("script " + file + " missing from llmrouter-redis");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
