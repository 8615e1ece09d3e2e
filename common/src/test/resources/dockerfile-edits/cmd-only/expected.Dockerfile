FROM busybox
CMD ["sh"]

CMD ["--port","8080"]
