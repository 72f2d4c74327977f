FROM debian:12.5
# want 4:AML001 "unknown instruction: RUN.echo; line 3 holds a non-breaking space \(U\+00A0\) at column 4"
RUN echo hi
