// The QR code of the students' address, as an SVG string, made in the page
// by the qrcode library (nothing is fetched). Medium error correction: a
// projector's glare still scans.
import QRCode from 'qrcode'

export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
}
