using Colossim.Serving;

namespace Colossim.Tests.Serving;

public sealed class PrefixCacheTests
{
    private static long[] Chain(params int[] ids) => PrefixCache.Chain(ids);

    public sealed class TheMatchMethod
    {
        [Fact]
        public void Finds_a_block_only_when_every_block_before_it_matches()
        {
            var cache = new PrefixCache(512, 32);
            cache.Publish(Chain(1, 2, 3), 0, 3);

            Assert.Equal(3, cache.Match(Chain(1, 2, 3), 3));
            Assert.Equal(1, cache.Match(Chain(1, 9, 3), 3));
            Assert.Equal(0, cache.Match(Chain(9, 2, 3), 3));
            Assert.Equal(2, cache.Match(Chain(1, 2, 3), 2));
        }
    }

    public sealed class ThePublishMethod
    {
        [Fact]
        public void Shares_a_block_another_request_cached_meanwhile_and_counts_it_once()
        {
            var cache = new PrefixCache(512, 32);

            Assert.Equal(0, cache.Publish(Chain(1, 2), 0, 2));
            Assert.Equal(1, cache.Publish(Chain(1, 5), 0, 2));
            Assert.Equal(3 * 32, cache.HeldBlocks);
            Assert.Equal(0, cache.EvictableBlocks);
        }
    }

    public sealed class TheEvictOneMethod
    {
        [Fact]
        public void Evicts_a_released_chain_from_its_tail_and_never_a_held_block()
        {
            var cache = new PrefixCache(512, 32);
            var released = Chain(1, 2);
            cache.Publish(released, 0, 2);
            cache.Publish(Chain(7), 0, 1);
            cache.Release(released, 2);

            Assert.Equal(64, cache.EvictableBlocks);
            Assert.True(cache.EvictOne());
            Assert.Equal(1, cache.Match(released, 2));
            Assert.True(cache.EvictOne());
            Assert.Equal(0, cache.Match(released, 2));
            Assert.False(cache.EvictOne());
            Assert.Equal((32L, 0L, 2L), (cache.HeldBlocks, cache.EvictableBlocks, cache.Stats().EvictedBlocks));
        }

        [Fact]
        public void Spares_a_block_held_again_after_its_release()
        {
            var cache = new PrefixCache(512, 32);
            var chain = Chain(1);
            cache.Publish(chain, 0, 1);
            cache.Release(chain, 1);
            cache.Acquire(chain, 1);

            Assert.False(cache.EvictOne());
            Assert.Equal(1, cache.Match(chain, 1));
        }
    }
}
