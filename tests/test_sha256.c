/* SPDX-License-Identifier: MIT */
/* sha256.c against the FIPS 180-2 appendix vectors, fed whole and in
 * pieces of every size (the reader feeds it arbitrary chunks). */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "base/sha256.h"

static void hex_of(const char *msg, size_t len, size_t piece, char out[65])
{
	struct pcm_sha256 c;
	size_t off;

	pcm_sha256_init(&c);
	for (off = 0; off < len; off += piece)
		pcm_sha256_update(&c, msg + off, len - off < piece ? len - off : piece);
	pcm_sha256_final_hex(&c, out);
}

static void fips_one_block(void **state)
{
	char out[65];

	(void)state;
	hex_of("abc", 3, 3, out);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void fips_two_blocks_any_split(void **state)
{
	static const char msg[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char out[65];
	size_t piece;

	(void)state;
	for (piece = 1; piece <= sizeof msg - 1; piece++) {
		hex_of(msg, sizeof msg - 1, piece, out);
		assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	}
}

static void fips_million_a(void **state)
{
	char *msg = malloc(1000000), out[65];

	(void)state;
	memset(msg, 'a', 1000000);
	hex_of(msg, 1000000, 4093, out);
	assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(msg);
}

static void empty_and_padding_edges(void **state)
{
	char out[65], buf[64];

	(void)state;
	hex_of("", 0, 1, out);
	assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/* 55 and 56 bytes: the length fits in the last block, or does not */
	memset(buf, 'a', sizeof buf);
	hex_of(buf, 55, 7, out);
	assert_string_equal(out, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	hex_of(buf, 56, 56, out);
	assert_string_equal(out, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
	hex_of(buf, 64, 13, out);
	assert_string_equal(out, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fips_one_block),
		cmocka_unit_test(fips_two_blocks_any_split),
		cmocka_unit_test(fips_million_a),
		cmocka_unit_test(empty_and_padding_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
