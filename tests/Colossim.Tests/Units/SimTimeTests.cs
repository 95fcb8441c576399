using System.Reflection;
using Colossim.Units;
using CsCheck;

namespace Colossim.Tests.Units;

public sealed class SimTimeTests
{
    public sealed class TheOperators
    {
        [Fact]
        public void Subtracting_two_times_gives_the_duration_between_them()
        {
            var start = SimTime.FromSeconds(1.5);
            var end = SimTime.FromSeconds(4);

            Assert.Equal(Duration.Parse("2.5s"), end - start);
            Assert.Equal(Duration.Parse("2.5s").Nanoseconds * -1, (start - end).Nanoseconds);
        }

        [Fact]
        public void Adding_a_duration_moves_the_time_and_subtracting_it_moves_it_back()
        {
            var gen = Gen.Long[0, long.MaxValue / 2];
            Gen.Select(gen, gen).Sample((t, d) =>
            {
                var time = new SimTime(t);
                var later = time + new Duration(d);
                Assert.Equal(new Duration(d), later - time);
                Assert.Equal(time, later - new Duration(d));
                Assert.True(later >= time);
            }, iter: 1_000);
        }

        [Fact]
        public void Offers_no_sum_of_two_times()
        {
            var sums = typeof(SimTime).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(m => m.Name == "op_Addition" && m.GetParameters().All(p => p.ParameterType == typeof(SimTime)));

            Assert.Empty(sums);
        }

        [Fact]
        public void Order_agrees_with_the_nanosecond_counts()
        {
            Gen.Select(Gen.Long, Gen.Long).Sample((a, b) =>
            {
                SimTime x = new(a), y = new(b);
                Assert.Equal(a.CompareTo(b), x.CompareTo(y));
                Assert.Equal(a < b, x < y);
                Assert.Equal(a > b, x > y);
                Assert.Equal(a <= b, x <= y);
                Assert.Equal(a >= b, x >= y);
                Assert.Equal(a == b, x == y);
            }, iter: 1_000);
        }
    }

    public sealed class TheToStringMethod
    {
        [Fact]
        public void Writes_the_time_since_the_start()
        {
            Assert.Equal("t=1.5s", SimTime.FromSeconds(1.5).ToString());
            Assert.Equal("t=0ns", SimTime.Zero.ToString());
        }
    }

    public sealed class TheSecondsProperty
    {
        [Fact]
        public void Counts_from_the_start()
        {
            Assert.Equal(4.0, SimTime.FromSeconds(4).Seconds);
            Assert.Equal(4_000_000_000L, SimTime.FromSeconds(4).Nanoseconds);
        }
    }
}
