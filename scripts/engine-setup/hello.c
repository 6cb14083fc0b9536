/*
 * The only file in the offline stand-in for `hello-world` (see
 * scripts/engine/stand-in-rootfs.ts). Prints the same greeting as Docker's
 * real hello-world image, then exits 0. Built with `gcc -static -Os` so the
 * image needs nothing else: `docker run hello-world ls` fails because there
 * is no `ls`, exactly as with the real image.
 */
#include <unistd.h>

#ifndef DOCKER_ARCH
#define DOCKER_ARCH "amd64"
#endif

static const char message[] =
	"\n"
	"Hello from Docker!\n"
	"This message shows that your installation appears to be working correctly.\n"
	"\n"
	"To generate this message, Docker took the following steps:\n"
	" 1. The Docker client contacted the Docker daemon.\n"
	" 2. The Docker daemon pulled the \"hello-world\" image from the Docker Hub.\n"
	"    (" DOCKER_ARCH ")\n"
	" 3. The Docker daemon created a new container from that image which runs the\n"
	"    executable that produces the output you are currently reading.\n"
	" 4. The Docker daemon streamed that output to the Docker client, which sent it\n"
	"    to your terminal.\n"
	"\n"
	"To try something more ambitious, you can run an Ubuntu container with:\n"
	" $ docker run -it ubuntu bash\n"
	"\n"
	"Share images, automate workflows, and more with a free Docker ID:\n"
	" https://hub.docker.com/\n"
	"\n"
	"For more examples and ideas, visit:\n"
	" https://docs.docker.com/get-started/\n"
	"\n";

int main(void) {
	const char *next = message;
	size_t left = sizeof(message) - 1;
	while (left > 0) {
		ssize_t written = write(STDOUT_FILENO, next, left);
		if (written <= 0) return 1;
		next += written;
		left -= (size_t)written;
	}
	return 0;
}
