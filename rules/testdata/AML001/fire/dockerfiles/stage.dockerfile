RUN echo hi
FROM debian:12.5
