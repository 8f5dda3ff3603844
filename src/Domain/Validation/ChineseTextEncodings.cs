using System.Text;

namespace Workflows.Domain.Validation;

/// <summary>How the text of an uploaded file is encoded: found from its bytes, or stated by the sender.</summary>
public enum TextEncodingChoice
{
    /// <summary>UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise GB18030.</summary>
    Detect,

    /// <summary>UTF-8 only ("CSV UTF-8" in Excel).</summary>
    Utf8,

    /// <summary>GB18030 (superset of GBK and GB2312): what Excel and WPS save as "CSV" on Chinese Windows.</summary>
    Gb18030,
}

/// <summary>
/// The two encodings Chinese offices' files arrive in: UTF-8 and GB18030 (GB 18030-2005, code page 54936; GBK is its
/// two-byte subset). Both decoders are strict (invalid bytes throw), so a file is read correctly or refused, never
/// garbled. The code-page provider is asked directly rather than registered, so nothing process-wide changes.
/// </summary>
public static class ChineseTextEncodings
{
    private const int Gb18030CodePage = 54936;

    public static Encoding StrictUtf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Encoding StrictGb18030 { get; } =
        CodePagesEncodingProvider.Instance.GetEncoding(
            Gb18030CodePage,
            EncoderFallback.ExceptionFallback,
            DecoderFallback.ExceptionFallback
        ) ?? throw new InvalidOperationException("GB18030 (code page 54936) is not available.");

    /// <summary>Zip entry names written without the language-encoding flag (bit 11): Chinese Windows tools write
    /// them in the system code page 936 (GBK), which GB18030 decodes identically.</summary>
    public static Encoding ZipEntryNames { get; } =
        CodePagesEncodingProvider.Instance.GetEncoding(Gb18030CodePage)
        ?? throw new InvalidOperationException("GB18030 (code page 54936) is not available.");

    /// <summary>Parses a stated charset (<c>utf-8</c>, <c>gb18030</c>, <c>gbk</c>, <c>gb2312</c>); empty means detect.</summary>
    public static TextEncodingChoice? ParseStated(string? charset) =>
        charset?.Trim().Trim('"').ToUpperInvariant() switch
        {
            null or "" => TextEncodingChoice.Detect,
            "UTF-8" or "UTF8" => TextEncodingChoice.Utf8,
            "GB18030" or "GBK" or "GB2312" or "CP936" => TextEncodingChoice.Gb18030,
            _ => null,
        };

    /// <summary>Decodes <paramref name="bytes"/>; a BOM (UTF-8 or GB18030) always decides. Returns null with the
    /// byte offset of the first invalid sequence when the bytes are not valid in the chosen (or any detected) encoding.</summary>
    public static (string? Text, TextEncodingChoice Used, int ErrorOffset) Decode(ReadOnlySpan<byte> bytes, TextEncodingChoice choice)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Try(bytes[3..], TextEncodingChoice.Utf8);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x84, 0x31, 0x95, 0x33]))
        {
            return Try(bytes[4..], TextEncodingChoice.Gb18030);
        }

        if (choice != TextEncodingChoice.Detect)
        {
            return Try(bytes, choice);
        }

        var utf8 = Try(bytes, TextEncodingChoice.Utf8);
        return utf8.Text is not null ? utf8 : Try(bytes, TextEncodingChoice.Gb18030);
    }

    private static (string? Text, TextEncodingChoice Used, int ErrorOffset) Try(ReadOnlySpan<byte> bytes, TextEncodingChoice choice)
    {
        try
        {
            var encoding = choice == TextEncodingChoice.Gb18030 ? StrictGb18030 : StrictUtf8;
            return (encoding.GetString(bytes), choice, -1);
        }
        catch (DecoderFallbackException ex)
        {
            return (null, choice, ex.Index);
        }
    }
}
