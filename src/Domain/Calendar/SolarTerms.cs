namespace Workflows.Domain.Calendar;

/// <summary>
/// Solar terms (节气) from the sun's apparent ecliptic longitude. Qingming (清明) is the day, in China Standard Time, on
/// which the apparent longitude reaches 15°. Uses the low-accuracy solar theory of Meeus, "Astronomical Algorithms",
/// ch. 25 (about 0.01° ≈ 15 minutes), which is enough for the day except when the term falls within minutes of
/// midnight; the result is verified by tests against published Qingming dates 2021–2030.
/// Known close calls (computed instant within 30 minutes of midnight CST): 2038-04-05 00:22, 2042-04-04 23:34,
/// 2071-04-05 00:04 — those provisional dates may be off by one day; official notices supersede them anyway.
/// </summary>
internal static class SolarTerms
{
    private const double J2000 = 2451545.0;
    private const double DaysPerDegree = 365.2422 / 360.0;

    /// <summary>The CST date on which the sun's apparent longitude reaches <paramref name="longitudeDegrees"/> in <paramref name="year"/>.</summary>
    public static DateOnly DateOfLongitude(int year, double longitudeDegrees)
    {
        // Start from the mean position: longitude 0° (March equinox) is about March 20.
        var startOfYear = JulianDay(new DateTime(year, 3, 20, 12, 0, 0, DateTimeKind.Utc));
        var jde = startOfYear + (Normalize(longitudeDegrees - 0.0) * DaysPerDegree);
        for (var i = 0; i < 20; i++)
        {
            var delta = Normalize(longitudeDegrees - ApparentLongitude(jde) + 180.0) - 180.0;
            jde += delta * DaysPerDegree;
            if (Math.Abs(delta) < 1e-7)
            {
                break;
            }
        }

        var universalTime = jde - (DeltaTSeconds(year) / 86400.0);
        var utc = new DateTime(2000, 1, 1, 12, 0, 0, DateTimeKind.Utc).AddDays(universalTime - J2000);
        return DateOnly.FromDateTime(utc + ChinaTime.Offset);
    }

    /// <summary>Qingming: apparent solar longitude 15°.</summary>
    public static DateOnly Qingming(int year) => DateOfLongitude(year, 15.0);

    internal static double ApparentLongitude(double jde)
    {
        var t = (jde - J2000) / 36525.0;
        var meanLongitude = 280.46646 + (36000.76983 * t) + (0.0003032 * t * t);
        var meanAnomaly = Radians(357.52911 + (35999.05029 * t) - (0.0001537 * t * t));
        var center =
            ((1.914602 - (0.004817 * t) - (0.000014 * t * t)) * Math.Sin(meanAnomaly))
            + ((0.019993 - (0.000101 * t)) * Math.Sin(2 * meanAnomaly))
            + (0.000289 * Math.Sin(3 * meanAnomaly));
        var omega = Radians(125.04 - (1934.136 * t));
        var apparent = meanLongitude + center - 0.00569 - (0.00478 * Math.Sin(omega));
        return Normalize(apparent);
    }

    private static double JulianDay(DateTime utc) => J2000 + (utc - new DateTime(2000, 1, 1, 12, 0, 0, DateTimeKind.Utc)).TotalDays;

    // ΔT = TT − UT (Espenak & Meeus polynomials); a minute of error moves the date only near midnight.
    private static double DeltaTSeconds(int year)
    {
        double y = year + 0.5;
        if (year < 2050)
        {
            var t = y - 2000;
            return 62.92 + (0.32217 * t) + (0.005589 * t * t);
        }

        var u = (y - 1820) / 100;
        return -20 + (32 * u * u) - (0.5628 * (2150 - y));
    }

    private static double Normalize(double degrees)
    {
        var result = degrees % 360.0;
        return result < 0 ? result + 360.0 : result;
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180.0;
}
