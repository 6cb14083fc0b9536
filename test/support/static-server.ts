// A plain static file server on loopback, as any a student might have
// (`python3 -m http.server`): a folder's index.html for the folder, the file
// for a file, 404 for anything else. It knows nothing of the deck's routes.
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import path from 'node:path'

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json' }

/** Serves `root` on 127.0.0.1 at a free port. */
export async function serveStatic(root: string): Promise<{ url: string; close(): Promise<void>; server: Server }> {
  const server = createServer((request, response) => {
    const wanted = path.join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname))
    const file = wanted.startsWith(root) && existsSync(wanted) && statSync(wanted).isDirectory() ? path.join(wanted, 'index.html') : wanted
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 Not Found')
      return
    }
    response.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}`, server, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
