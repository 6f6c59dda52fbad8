package org.peervault.agent.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads the XML bodies of requests (CreateBucketConfiguration, Delete, CompleteMultipartUpload)
 * safely: bounded size, no DOCTYPE, no external entities or XInclude. Elements are matched by
 * local name, with or without S3's namespace.
 */
final class XmlRequests {
  /** The largest XML body read (a Delete of 1000 long keys fits). */
  static final int MAX_BYTES = 2 * 1024 * 1024;

  private XmlRequests() {}

  /**
   * Reads a request body to its end (so that its checks run), refusing more than
   * {@link #MAX_BYTES}.
   */
  static byte[] read(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw S3Error.MALFORMED_XML.exception("the XML body is larger than " + MAX_BYTES
          + " bytes");
    }
    return bytes;
  }

  /**
   * Parses a request body; its root element must be {@code rootName}.
   *
   * @throws S3Exception MalformedXML when it is not well-formed or rooted elsewhere
   */
  static Element parse(byte[] bytes, String rootName) throws IOException {
    Document document;
    try {
      document = builder().parse(new ByteArrayInputStream(bytes));
    } catch (SAXException e) {
      throw S3Error.MALFORMED_XML.exception("The XML you provided was not well-formed: "
          + e.getMessage());
    }
    Element root = document.getDocumentElement();
    if (!rootName.equals(localName(root))) {
      throw S3Error.MALFORMED_XML.exception("the XML body's root is <" + localName(root)
          + ">, expected <" + rootName + ">");
    }
    return root;
  }

  /** The child elements of a given local name. */
  static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && name.equals(localName(element))) {
        found.add(element);
      }
    }
    return found;
  }

  /** The text of the only child of that name, if there is one. */
  static Optional<String> childText(Element parent, String name) {
    List<Element> found = children(parent, name);
    if (found.size() > 1) {
      throw S3Error.MALFORMED_XML.exception("<" + localName(parent) + "> has more than one <"
          + name + ">");
    }
    return found.stream().findFirst().map(Element::getTextContent);
  }

  private static String localName(Element element) {
    return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
  }

  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new DefaultHandler());
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser refuses safe settings", e);
    }
  }
}
