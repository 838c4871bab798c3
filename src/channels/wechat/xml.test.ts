import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_XML_BYTES, parseWeChatXml, renderWeChatXml, toXmlText, XmlError } from "./xml.ts";

const reasonOf = (body: string) => {
  try {
    parseWeChatXml(body);
    return "parsed";
  } catch (error) {
    return error instanceof XmlError ? error.reason : String(error);
  }
};

describe("parseWeChatXml", () => {
  it("reads the flat fields of WeChat's sample message, keeping 64-bit ids exact", () => {
    const fields = parseWeChatXml(
      "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>",
    );
    expect(fields).toEqual({
      ToUserName: "gh_10f6c3c3ac5a",
      FromUserName: "oyORnuP8q7ou2gfYjqLzSIWZf0rs",
      CreateTime: "1409735668",
      MsgType: "text",
      Content: "abcdteT",
      MsgId: "6054768590064713728",
    });
  });

  it("keeps CDATA verbatim and decodes only predefined entities outside it", () => {
    const fields = parseWeChatXml(
      '<?xml version="1.0" encoding="UTF-8"?><xml><A><![CDATA[&amp; <b>]]></A><B>x &amp; y &lt;3 &#20013;&#x6587; &nbsp;</B><C></C><D><![CDATA[]]></D></xml>',
    );
    expect(fields).toEqual({ A: "&amp; <b>", B: "x & y <3 中文 &nbsp;", C: "", D: "" });
  });

  it("leaves nested elements out", () => {
    const fields = parseWeChatXml(
      "<xml><MsgType>event</MsgType><ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo></xml>",
    );
    expect(fields).toEqual({ MsgType: "event" });
  });

  it("refuses entity expansion attempts: billion laughs and external entities", () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><Content>&lol3;</Content></xml>`;
    expect(reasonOf(laughs)).toBe("doctype");
    const xxe = `<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>`;
    expect(reasonOf(xxe)).toBe("doctype");
    expect(reasonOf(`<!doctype xml><xml><A>1</A></xml>`)).toBe("doctype");
    // An undeclared entity reference is just text: nothing is looked up or expanded.
    expect(parseWeChatXml("<xml><Content>&lol3;</Content></xml>").Content).toBe("&lol3;");
  });

  it("refuses malformed, foreign and oversized bodies", () => {
    expect(reasonOf("<xml><A>unclosed</xml>")).toBe("malformed");
    expect(reasonOf("not xml at all")).toBe("malformed");
    expect(reasonOf("")).toBe("malformed");
    expect(reasonOf("<xml><A>1</A><A>2</A></xml>")).toBe("malformed");
    expect(reasonOf("<root><A>1</A></root>")).toBe("not_wechat");
    expect(reasonOf("<xml>text only</xml>")).toBe("not_wechat");
    const deep = `<xml>${"<a>".repeat(50)}x${"</a>".repeat(50)}</xml>`;
    expect(reasonOf(deep)).toBe("malformed");
    const big = `<xml><Content><![CDATA[${"中".repeat(MAX_XML_BYTES / 3 + 1)}]]></Content></xml>`;
    expect(reasonOf(big)).toBe("too_large");
  });
});

describe("renderWeChatXml", () => {
  it("renders a passive text reply in WeChat's shape", () => {
    expect(
      renderWeChatXml({
        ToUserName: "oia2Tj",
        FromUserName: "gh_7f08",
        CreateTime: 1407743423,
        MsgType: "text",
        Content: "你好",
      }),
    ).toBe(
      "<xml><ToUserName><![CDATA[oia2Tj]]></ToUserName><FromUserName><![CDATA[gh_7f08]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content></xml>",
    );
  });

  it("splits ]]> and drops what XML cannot carry", () => {
    const xml = renderWeChatXml({ Content: "a]]>b\u0001c\u0000" });
    expect(xml).toBe("<xml><Content><![CDATA[a]]]]><![CDATA[>bc]]></Content></xml>");
    expect(parseWeChatXml(xml).Content).toBe("a]]>bc");
  });

  it("round-trips any text through render and parse (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), fc.string()),
        (text) => {
          const xml = renderWeChatXml({ MsgType: "text", Content: text });
          expect(parseWeChatXml(xml).Content).toBe(toXmlText(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});
